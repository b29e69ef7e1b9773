import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { t } from './i18n.ts';

export { html };

export interface Principal {
  keyId: string;
  role: 'admin' | 'platform' | 'issuer' | 'investigator';
  issuerId?: string;
  platformId?: string;
}

/** Loads once per `deps` change; `reload` runs it again. */
export const useAsync = <T>(load: () => Promise<T>, deps: unknown[]) => {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
};

export const problemText = (e: unknown): string =>
  e instanceof ApiError ? `${e.status} ${e.code}: ${e.message}${e.problem.errors ? ` (${e.problem.errors.map((x) => `${x.path}: ${x.message}`).join('; ')})` : ''}` : String(e);

export const ErrorBox = ({ error }: { error: unknown }) => (error ? html`<p class="error" role="alert">${problemText(error)}</p>` : null);

export const Loading = () => html`<p class="muted">${t('loading')}</p>`;

const verdictClass: Record<string, string> = { AUTHENTIC: 'ok', SUSPICIOUS: 'warn', UNVERIFIABLE: 'neutral', FRAUDULENT: 'bad' };
export const Verdict = ({ value }: { value?: string }) =>
  value ? html`<span class=${`badge ${verdictClass[value] ?? 'neutral'}`}>${value}</span>` : null;

const statusClass: Record<string, string> = { PASS: 'ok', WARN: 'warn', FAIL: 'bad', ERROR: 'bad', SKIPPED: 'neutral' };
export const Status = ({ value }: { value: string }) => html`<span class=${`badge ${statusClass[value] ?? 'neutral'}`}>${value}</span>`;

export const Risk = ({ value }: { value: number }) =>
  html`<span class="risk"><span class="risk-bar"><span class=${`risk-fill ${value >= 70 ? 'bad' : value >= 40 ? 'warn' : 'ok'}`} style=${{ width: `${value}%` }}></span></span>${value}</span>`;

export const Card = ({ title, children, id }: { title?: string; children: ComponentChildren; id?: string }) =>
  html`<section class="card" id=${id}>${title ? html`<h2>${title}</h2>` : null}${children}</section>`;

export const Json = ({ value }: { value: unknown }) => (value === undefined ? null : html`<pre class="json">${JSON.stringify(value, null, 2)}</pre>`);

export const fmt = (v: unknown): string => {
  if (v === undefined || v === null) return '—';
  if (Array.isArray(v)) return v.map(fmt).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('scheme' in o && 'number' in o) return `${String(o.scheme)} ${String(o.number)}`;
    if ('payload' in o) return String(o.payload);
    return JSON.stringify(v);
  }
  return String(v);
};

export const navigate = (hash: string): void => {
  location.hash = hash;
};

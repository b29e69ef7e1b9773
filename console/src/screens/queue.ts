import { useState } from 'preact/hooks';
import { primedGet, query } from '../api.ts';
import { age, t } from '../i18n.ts';
import { Card, ErrorBox, html, Loading, navigate, Risk, useAsync, Verdict } from '../ui.ts';

/** The first page of the queue, as the screen asks for it (main.ts primes it at start-up). */
export const queuePath = (state: 'OPEN' | 'DECIDED', cursor?: string): string => `/reviews${query({ state, limit: 50, cursor })}`;

export interface QueueItem {
  verificationId: string;
  verdict: string;
  riskScore: number;
  reportNumber?: string;
  issuerId?: string;
  sellerId?: string;
  createdAt: string;
  state: string;
  reasons: string[];
  finalVerdict?: string;
}

/** The review queue: highest risk first, then oldest; filters by state, verdict and text. */
export const QueueScreen = () => {
  const [state, setState] = useState<'OPEN' | 'DECIDED'>('OPEN');
  const [verdict, setVerdict] = useState('');
  const [text, setText] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(() => primedGet<{ items: QueueItem[]; nextCursor?: string }>(queuePath(state, cursor)), [state, cursor]);
  const needle = text.trim().toLowerCase();
  const items = (page.data?.items ?? []).filter(
    (i) =>
      (!verdict || i.verdict === verdict) &&
      (!needle || [i.reportNumber, i.issuerId, i.sellerId, i.verificationId, ...i.reasons].some((v) => v?.toLowerCase().includes(needle))),
  );
  return html`<${Card} title=${t('queue')}>
    <div class="filters">
      <div class="tabs" role="tablist">
        ${(['OPEN', 'DECIDED'] as const).map(
          (s) => html`<button role="tab" id=${`state-${s}`} class=${state === s ? 'tab active' : 'tab'} onClick=${() => { setState(s); setCursors([]); }}>${t(s === 'OPEN' ? 'open' : 'decided')}</button>`,
        )}
      </div>
      <label>${t('verdict')}
        <select id="verdict-filter" value=${verdict} onChange=${(e: Event) => setVerdict((e.target as HTMLSelectElement).value)}>
          <option value="">—</option>
          ${['FRAUDULENT', 'SUSPICIOUS', 'UNVERIFIABLE'].map((v) => html`<option value=${v}>${v}</option>`)}
        </select>
      </label>
      <label>${t('filter')}<input id="queue-filter" type="search" value=${text} onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} /></label>
    </div>
    ${page.loading ? html`<${Loading} />` : null}
    <${ErrorBox} error=${page.error} />
    ${!page.loading && items.length === 0 ? html`<p class="muted">${t('empty')}</p>` : null}
    <div class="table-wrap">
      <table class="queue">
        <thead><tr><th>${t('risk')}</th><th>${t('verdict')}</th><th>${t('reasons')}</th><th>${t('reportNumber')}</th><th>${t('sellerId')}</th><th>${t('age')}</th>${state === 'DECIDED' ? html`<th>${t('finalVerdict')}</th>` : null}</tr></thead>
        <tbody>
          ${items.map(
            (i) => html`<tr class="clickable" data-id=${i.verificationId} onClick=${() => navigate(`#/verifications/${i.verificationId}`)}>
              <td><${Risk} value=${i.riskScore} /></td>
              <td><a href=${`#/verifications/${i.verificationId}`}><${Verdict} value=${i.verdict} /></a></td>
              <td class="reasons">${i.reasons.map((r) => html`<code>${r}</code> `)}</td>
              <td>${i.reportNumber ?? '—'}${i.issuerId ? html`<div class="muted small">${i.issuerId}</div>` : null}</td>
              <td>${i.sellerId ?? '—'}</td>
              <td title=${i.createdAt}>${age(i.createdAt)}</td>
              ${state === 'DECIDED' ? html`<td><${Verdict} value=${i.finalVerdict} /></td>` : null}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <div class="pager">
      ${cursors.length > 0 ? html`<button class="secondary" onClick=${() => setCursors(cursors.slice(0, -1))}>←</button>` : null}
      ${page.data?.nextCursor ? html`<button class="secondary" onClick=${() => setCursors([...cursors, page.data?.nextCursor ?? ''])}>${t('next')}</button>` : null}
    </div>
  <//>`;
};

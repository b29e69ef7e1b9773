import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, blobUrl, enc, primedGet } from '../api.ts';
import { fieldDiffs, fieldStatus, type Check, type Field } from '../fields.ts';
import { lang, t } from '../i18n.ts';
import { Card, ErrorBox, fmt, html, Json, Loading, Risk, Status, useAsync, Verdict, type Principal } from '../ui.ts';
import { DecisionPanel } from './decision.ts';

export interface VerificationView {
  verificationId: string;
  verdict: string;
  riskScore: number;
  summary: { en: string; zh: string };
  checks: Check[];
  extracted: { fields: Record<string, Field | undefined>; textSource: string };
  document?: { sha256: string; contentType: string; pages: number; sizeBytes: number };
  issuerId?: string;
  reportNumber?: string;
  sellerId?: string;
  createdAt: string;
  finalVerdict?: string;
  review?: { decision: string; reasonCode: string };
  status?: string;
}

export const verificationPath = (id: string): string => `/verifications/${enc(id)}`;

/** One page image with the boxes of the fields read on it, coloured by their checks' status. */
const PageWithBoxes = ({ id, page, fields, checks, active, onDone }: { id: string; page: number; fields: Array<[string, Field]>; checks: Check[]; active: boolean; onDone: (page: number) => void }) => {
  const [src, setSrc] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!active) return;
    let url: string | undefined;
    let live = true;
    blobUrl(`/verifications/${enc(id)}/pages/${page}`).then(
      (u) => (live ? setSrc((url = u)) : URL.revokeObjectURL(u)),
      (e: unknown) => {
        if (live) setError(e);
        onDone(page);
      },
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, page, active]);
  const boxed = fields.filter(([, f]) => f.source.page === page && f.source.box);
  return html`<figure class="page" data-page=${page}>
    <${ErrorBox} error=${error} />
    <div class="page-frame">
      ${src ? html`<img class="page-image" alt=${`page ${page}`} src=${src} onLoad=${() => {
        performance.mark(`page-${page}-rendered`);
        onDone(page);
      }} />` : html`<div class="page-placeholder"><${Loading} /></div>`}
      ${src
        ? boxed.map(([name, f]) => {
            const b = f.source.box as NonNullable<Field['source']['box']>;
            const status = fieldStatus(name, checks) ?? 'NONE';
            return html`<div class=${`field-box s-${status}`} data-field=${name} title=${`${name}: ${fmt(f.value)} (${status})`}
              style=${{ left: `${b.left * 100}%`, top: `${b.top * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` }}><span>${name}</span></div>`;
          })
        : null}
    </div>
    <figcaption class="muted small">${t('pages')} ${page}${src && boxed.length === 0 ? html` · ${t('noBoxes')}` : null}</figcaption>
  </figure>`;
};

/** Printed vs registered, side by side; a difference the checks found is marked. */
const FieldsTable = ({ v, registered }: { v: VerificationView; registered?: Record<string, unknown> }) => {
  const diffs = v.checks.flatMap((c) => (c.name === 'fields-match' ? fieldDiffs(c.evidence).map((d) => ({ ...d, status: c.status })) : []));
  const names = [...new Set([...Object.keys(v.extracted.fields), ...diffs.map((d) => d.field)])];
  const registeredOf = (name: string): unknown => {
    const d = diffs.find((x) => x.field === name);
    if (d && 'registered' in d) return d.registered;
    if (!registered) return undefined;
    return registered[name] ?? (registered.fields as Record<string, unknown> | undefined)?.[name];
  };
  return html`<div class="table-wrap"><table class="fields" id="fields-diff">
    <thead><tr><th>${t('field')}</th><th>${t('printed')}</th><th>${t('registered')}</th><th>${t('status')}</th></tr></thead>
    <tbody>${names.map((name) => {
      const f = v.extracted.fields[name];
      const d = diffs.find((x) => x.field === name);
      const status = fieldStatus(name, v.checks);
      return html`<tr class=${d ? `diff s-${d.status}` : ''} data-field=${name}>
        <th scope="row">${name}</th>
        <td>${fmt(d && 'printed' in d ? d.printed : f?.value)}${f ? html`<div class="muted small">p.${f.source.page}${f.source.line ? ` l.${f.source.line}` : ''} · ${Math.round(f.confidence * 100)}%</div>` : null}</td>
        <td>${fmt(registeredOf(name))}</td>
        <td>${status ? html`<${Status} value=${status} />` : '—'}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
};

const ChecksTable = ({ checks }: { checks: Check[] }) => html`<div class="table-wrap"><table class="checks" id="checks">
  <thead><tr><th>${t('status')}</th><th>Check</th><th>Code</th><th>Message</th><th>${t('evidence')}</th></tr></thead>
  <tbody>${checks.map(
    (c) => html`<tr data-check=${c.name}>
      <td><${Status} value=${c.status} /></td><td>${c.name}</td><td><code>${c.code}</code></td><td>${c.message}</td>
      <td>${c.evidence === undefined ? '—' : html`<details><summary>${t('evidence')}</summary><${Json} value=${c.evidence} /></details>`}</td>
    </tr>`,
  )}</tbody>
</table></div>`;

interface Presentation { verificationId: string; verdict: string; riskScore: number; sellerId?: string; presentedProduct?: string; createdAt: string; submittedBy?: { platformId?: string } }

/** Every presentation of the number (investigators, admins), else the earlier ones the reuse check saw. */
const History = ({ v, principal }: { v: VerificationView; principal: Principal }) => {
  const full = principal.role === 'investigator' || principal.role === 'admin';
  const list = useAsync(
    async () => {
      if (!v.reportNumber) return [];
      if (full) return (await api<{ items: Presentation[] }>('GET', `/reports/${enc(v.reportNumber)}/verifications`)).items;
      const reuse = v.checks.find((c) => c.name === 'reuse')?.evidence as { earlier?: Presentation[] } | undefined;
      return reuse?.earlier ?? [];
    },
    [v.verificationId],
  );
  return html`<${Card} title=${t('history')} id="history">
    ${v.reportNumber && full ? html`<p><a href=${`#/numbers/${enc(v.reportNumber)}`}>${t('numberHistory')}: ${v.reportNumber}</a></p>` : null}
    <${ErrorBox} error=${list.error} />
    ${(list.data ?? []).length === 0 ? html`<p class="muted">${t('empty')}</p>` : null}
    <ul class="history">${(list.data ?? []).map(
      (p) => html`<li class=${p.verificationId === v.verificationId ? 'current' : ''}>
        <a href=${`#/verifications/${p.verificationId}`}>${p.createdAt.slice(0, 16).replace('T', ' ')}</a>
        <${Verdict} value=${p.verdict} /> ${p.sellerId ?? ''} ${p.presentedProduct ?? ''} ${p.submittedBy?.platformId ? html`<span class="muted small">${p.submittedBy.platformId}</span>` : null}
      </li>`,
    )}</ul>
  <//>`;
};

const Forensics = ({ checks }: { checks: Check[] }) => {
  const c = checks.find((x) => x.name === 'pdf-forensics');
  if (!c) return html`<${Card} title=${t('forensics')} id="forensics"><p class="muted">${t('empty')}</p><//>`;
  const e = (c.evidence ?? {}) as Record<string, unknown>;
  return html`<${Card} title=${t('forensics')} id="forensics">
    <p><${Status} value=${c.status} /> <code>${c.code}</code> ${c.message}</p>
    <dl class="kv">${Object.entries(e).map(([k, val]) => html`<dt>${k}</dt><dd>${fmt(val)}</dd>`)}</dl>
  <//>`;
};

export const VerificationScreen = ({ id, principal }: { id: string; principal: Principal }) => {
  const loaded = useAsync(() => primedGet<VerificationView>(verificationPath(id)), [id]);
  const registered = useAsync(async () => {
    const v = loaded.data;
    if (!v?.issuerId || !v.reportNumber || principal.role === 'platform') return undefined;
    // Only a number the checks found registered has a record to show (no failed request otherwise).
    const registration = v.checks.find((c) => c.name === 'report-registered')?.evidence as { status?: string } | undefined;
    if (!registration?.status) return undefined;
    return api<Record<string, unknown>>('GET', `/issuers/${enc(v.issuerId)}/reports/${enc(v.reportNumber)}`).catch((e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return undefined;
      throw e;
    });
  }, [loaded.data?.verificationId]);
  const [docUrl, setDocUrl] = useState<string>();
  // Pages are asked for one after another, page 1 first: it is not slowed by the ones below it.
  const [upTo, setUpTo] = useState(1);
  useEffect(() => setUpTo(1), [id]);
  const pageDone = (page: number) => setUpTo((n) => Math.max(n, page + 1));
  if (loaded.loading && !loaded.data) return html`<${Loading} />`;
  if (loaded.error) return html`<${ErrorBox} error=${loaded.error} />`;
  const v = loaded.data as VerificationView;
  if (v.status) return html`<${Card} title=${v.verificationId}><p>${v.status}</p><button onClick=${loaded.reload}>↻</button><//>`;
  const fields = Object.entries(v.extracted.fields).filter((e): e is [string, Field] => e[1] !== undefined);
  const pages = v.document && v.document.contentType === 'application/pdf' ? v.document.pages : v.document ? 1 : 0;
  const openDocument = async () => setDocUrl(await blobUrl(`/verifications/${enc(id)}/document`));
  return html`<div class="verification" data-verification=${v.verificationId}>
    <${Card}>
      <div class="verdict-head">
        <${Verdict} value=${v.verdict} /> <${Risk} value=${v.riskScore} />
        ${v.finalVerdict ? html`<span class="final">${t('finalVerdict')}: <${Verdict} value=${v.finalVerdict} /></span>` : null}
      </div>
      <p class="summary">${lang.get() === 'zh' ? v.summary.zh : v.summary.en}</p>
      <p class="muted small">${v.verificationId} · ${v.createdAt} · ${v.extracted.textSource}${v.reportNumber ? ` · ${v.reportNumber}` : ''}${v.issuerId ? ` · ${v.issuerId}` : ''}${v.sellerId ? ` · ${v.sellerId}` : ''}</p>
      ${v.document ? html`<p class="muted small">sha256 <code>${v.document.sha256}</code> · ${v.document.contentType} · ${v.document.sizeBytes} B
        ${docUrl ? html` · <a href=${docUrl} download=${`${v.verificationId}`}>⬇</a>` : html` <button class="link" onClick=${openDocument}>⬇</button>`}</p>` : null}
    <//>
    <div class="split">
      <div class="pages">
        ${pages === 0 ? html`<p class="muted">${t('noDocument')}</p>` : Array.from({ length: pages }, (_, i) => html`<${PageWithBoxes} id=${id} page=${i + 1} fields=${fields} checks=${v.checks} active=${i + 1 <= upTo} onDone=${pageDone} />`)}
      </div>
      <div class="side">
        <${Card} title=${t('fields')}>
          ${registered.data === undefined && principal.role === 'platform' ? html`<p class="muted small">${t('noneRegistered')}</p>` : null}
          <${FieldsTable} v=${v} registered=${registered.data} />
        <//>
        <${DecisionPanel} v=${v} onDecided=${loaded.reload} />
      </div>
    </div>
    <${Card} title=${t('checks')}><${ChecksTable} checks=${v.checks} /><//>
    <div class="split even">
      <${History} v=${v} principal=${principal} />
      <${Forensics} checks=${v.checks} />
    </div>
  </div>`;
};

import { useState } from 'preact/hooks';
import { api, enc, query } from '../api.ts';
import { download, toCsv } from '../csv.ts';
import { t } from '../i18n.ts';
import { Card, ErrorBox, html, Loading, Risk, useAsync, Verdict } from '../ui.ts';

interface Row { verificationId: string; verdict: string; riskScore: number; reportNumber?: string; issuerId?: string; sellerId?: string; listingId?: string; createdAt: string; finalVerdict?: string; presentedProduct?: string }

type FilterValues = Partial<Record<'verdict' | 'issuerId' | 'reportNumber' | 'sellerId' | 'from' | 'to' | 'limit', string>>;
const CsvColumns = ['verificationId', 'createdAt', 'verdict', 'finalVerdict', 'riskScore', 'reportNumber', 'issuerId', 'sellerId', 'listingId', 'presentedProduct'];

const Results = ({ rows }: { rows: Row[] }) => html`<div class="table-wrap"><table id="search-results">
  <thead><tr><th>${t('when')}</th><th>${t('verdict')}</th><th>${t('risk')}</th><th>${t('reportNumber')}</th><th>${t('issuerId')}</th><th>${t('sellerId')}</th></tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr data-id=${r.verificationId}>
      <td><a href=${`#/verifications/${r.verificationId}`}>${r.createdAt.slice(0, 19).replace('T', ' ')}</a></td>
      <td><${Verdict} value=${r.verdict} />${r.finalVerdict ? html` → <${Verdict} value=${r.finalVerdict} />` : null}</td>
      <td><${Risk} value=${r.riskScore} /></td>
      <td>${r.reportNumber ? html`<a href=${`#/numbers/${enc(r.reportNumber)}`}>${r.reportNumber}</a>` : '—'}</td>
      <td>${r.issuerId ?? '—'}</td><td>${r.sellerId ?? '—'}</td>
    </tr>`,
  )}</tbody></table></div>`;

/** GET /verifications with every filter, paging, and a CSV export of the whole search. */
export const SearchScreen = () => {
  const [filters, setFilters] = useState<FilterValues>({});
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (cursor?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await api<{ items: Row[]; nextCursor?: string }>('GET', `/verifications${query({ ...filters, limit: filters.limit || 50, cursor })}`);
      setRows(cursor ? [...rows, ...page.items] : page.items);
      setNext(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const exportAll = async () => {
    setBusy(true);
    try {
      const all: Row[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<{ items: Row[]; nextCursor?: string }>('GET', `/verifications${query({ ...filters, limit: 100, cursor })}`);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < 10_000);
      download(`verifications-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(CsvColumns, all as unknown as Array<Record<string, unknown>>));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const input = (name: keyof FilterValues, type = 'text') =>
    html`<input id=${`f-${name}`} type=${type} value=${filters[name] ?? ''} onInput=${(e: Event) => setFilters({ ...filters, [name]: (e.target as HTMLInputElement).value })} />`;
  return html`<${Card} title=${t('search')}>
    <form class="filters grid" onSubmit=${(e: Event) => { e.preventDefault(); void run(); }}>
      <label>${t('verdict')}<select id="f-verdict" value=${filters.verdict ?? ''} onChange=${(e: Event) => setFilters({ ...filters, verdict: (e.target as HTMLSelectElement).value })}>
        <option value="">—</option>${['AUTHENTIC', 'SUSPICIOUS', 'FRAUDULENT', 'UNVERIFIABLE'].map((v) => html`<option value=${v}>${v}</option>`)}</select></label>
      <label>${t('issuerId')}${input('issuerId')}</label>
      <label>${t('reportNumber')}${input('reportNumber')}</label>
      <label>${t('sellerId')}${input('sellerId')}</label>
      <label>${t('from')}${input('from', 'date')}</label>
      <label>${t('to')}${input('to', 'date')}</label>
      <div class="actions"><button type="submit" id="search-run" disabled=${busy}>${t('search')}</button>
        <button type="button" class="secondary" id="search-export" disabled=${busy} onClick=${exportAll}>${t('exportCsv')}</button></div>
    </form>
    <${ErrorBox} error=${error} />
    <${Results} rows=${rows} />
    ${next ? html`<button class="secondary" onClick=${() => run(next)}>${t('next')}</button>` : null}
  <//>`;
};

/** Every time a number was presented: by whom, for which product, the verdict. */
export const NumberHistory = ({ reportNumber }: { reportNumber: string }) => {
  const list = useAsync(() => api<{ items: Row[] }>('GET', `/reports/${enc(reportNumber)}/verifications`), [reportNumber]);
  return html`<${Card} title=${`${t('numberHistory')}: ${reportNumber}`}>
    ${list.loading ? html`<${Loading} />` : null}<${ErrorBox} error=${list.error} />
    <${Results} rows=${list.data?.items ?? []} />
  <//>`;
};

interface Pattern { id: string; kind: string; value: string; match: string; severity: string; note?: string; createdAt: string; source?: { reviewId: string; verificationId: string } }
const Kinds = ['REPORT_NUMBER', 'DOCUMENT_SHA256', 'ISSUER_NAME', 'ACCREDITATION_NUMBER', 'PHRASE', 'QR_DOMAIN', 'SELLER'];

export const PatternsScreen = () => {
  const [kind, setKind] = useState('');
  const list = useAsync(() => api<{ items: Pattern[] }>('GET', `/fraud-patterns${query({ kind })}`), [kind]);
  const [form, setForm] = useState({ kind: 'REPORT_NUMBER', value: '', match: 'EXACT', severity: 'HIGH', note: '' });
  const [error, setError] = useState<unknown>();
  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/fraud-patterns', { ...form, ...(form.note ? {} : { note: undefined }) });
      setForm({ ...form, value: '', note: '' });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (id: string) => {
    try {
      await api('DELETE', `/fraud-patterns/${enc(id)}`);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  return html`<${Card} title=${t('patterns')}>
    <form class="filters grid" onSubmit=${create} id="pattern-form">
      <label>${t('kind')}<select value=${form.kind} onChange=${set('kind')}>${Kinds.map((k) => html`<option>${k}</option>`)}</select></label>
      <label>${t('value')}<input id="pattern-value" required value=${form.value} onInput=${set('value')} /></label>
      <label>Match<select value=${form.match} onChange=${set('match')}><option>EXACT</option><option>REGEX</option></select></label>
      <label>${t('severity')}<select value=${form.severity} onChange=${set('severity')}><option>HIGH</option><option>MEDIUM</option><option>LOW</option></select></label>
      <label>${t('note')}<input value=${form.note} onInput=${set('note')} /></label>
      <div class="actions"><button type="submit" id="pattern-create">${t('create')}</button></div>
    </form>
    <${ErrorBox} error=${error ?? list.error} />
    <label>${t('kind')} <select id="pattern-kind" value=${kind} onChange=${(e: Event) => setKind((e.target as HTMLSelectElement).value)}><option value="">—</option>${Kinds.map((k) => html`<option>${k}</option>`)}</select></label>
    <div class="table-wrap"><table id="patterns">
      <thead><tr><th>${t('kind')}</th><th>${t('value')}</th><th>Match</th><th>${t('severity')}</th><th>${t('note')}</th><th></th></tr></thead>
      <tbody>${(list.data?.items ?? []).map(
        (p) => html`<tr data-pattern=${p.id}><td>${p.kind}</td><td class="mono">${p.value}</td><td>${p.match}</td><td>${p.severity}</td>
          <td>${p.note ?? ''}${p.source ? html` <a href=${`#/verifications/${p.source.verificationId}`}>↗</a>` : null}</td>
          <td><button class="link danger" onClick=${() => remove(p.id)}>${t('delete')}</button></td></tr>`,
      )}</tbody></table></div>
  <//>`;
};

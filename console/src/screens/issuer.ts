import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, blobUrl, enc } from '../api.ts';
import { reportsFromCsv } from '../csv.ts';
import { t } from '../i18n.ts';
import { Card, ErrorBox, fmt, html, useAsync, type Principal } from '../ui.ts';

interface BatchResult { index: number; reportNumber?: string; status: 201 | 200 | 409 | 422; code?: string; errors?: Array<{ path: string; message: string }> }
interface Report { reportNumber: string; productName: string; issueDate: string; status: string; history: Array<{ status: string; reason: string; at: string; by: string }>; [k: string]: unknown }

const DocTypes = ['INSPECTION_REPORT', 'CERTIFICATE', 'GEM_REPORT', 'OTHER'];
const Statuses = ['SUSPENDED', 'WITHDRAWN', 'REVOKED', 'SUPERSEDED', 'VALID'];

const RegisterForm = ({ issuerId, onRegistered }: { issuerId: string; onRegistered: (n: string) => void }) => {
  const empty = { reportNumber: '', documentType: 'INSPECTION_REPORT', productName: '', model: '', client: '', manufacturer: '', standards: '', conclusion: '', issueDate: '', validUntil: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const set = (k: keyof typeof empty) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) if (v.trim()) body[k] = k === 'standards' ? v.split(';').map((s) => s.trim()).filter(Boolean) : v.trim();
    try {
      await api('POST', `/issuers/${enc(issuerId)}/reports`, body);
      setDone(form.reportNumber);
      onRegistered(form.reportNumber);
      setForm(empty);
    } catch (err) {
      setError(err);
    }
  };
  const field = (k: keyof typeof empty, label: string, type = 'text', required = false) =>
    html`<label>${label}<input id=${`r-${k}`} type=${type} required=${required} value=${form[k]} onInput=${set(k)} /></label>`;
  return html`<${Card} title=${t('register')}>
    <form class="grid" onSubmit=${submit} id="register-form">
      ${field('reportNumber', t('reportNumber'), 'text', true)}
      <label>${t('documentType')}<select id="r-documentType" value=${form.documentType} onChange=${set('documentType')}>${DocTypes.map((d) => html`<option>${d}</option>`)}</select></label>
      ${field('productName', t('productName'), 'text', true)}
      ${field('model', t('model'))}${field('client', 'Client')}${field('manufacturer', 'Manufacturer')}
      ${field('standards', `${t('standards')} (;)`)}${field('conclusion', t('conclusion'))}
      ${field('issueDate', t('issueDate'), 'date', true)}${field('validUntil', 'Valid until', 'date')}
      <div class="actions"><button type="submit" id="register-submit">${t('register')}</button></div>
    </form>
    ${done ? html`<p class="ok-text">${t('created')}: ${done}</p>` : null}
    <${ErrorBox} error=${error} />
  <//>`;
};

/** CSV → the batch call in chunks, with a progress bar and one result per row. */
const CsvUpload = ({ issuerId }: { issuerId: string }) => {
  const [results, setResults] = useState<Array<BatchResult & { row: number }>>([]);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState<unknown>();
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setResults([]);
    const reports = reportsFromCsv(await file.text());
    const chunk = Math.min(500, Math.max(10, Math.ceil(reports.length / 10)));
    setProgress({ done: 0, total: reports.length });
    const all: Array<BatchResult & { row: number }> = [];
    try {
      for (let at = 0; at < reports.length; at += chunk) {
        const part = reports.slice(at, at + chunk);
        const { results: got } = await api<{ results: BatchResult[] }>('POST', `/issuers/${enc(issuerId)}/reports/batch`, { reports: part });
        all.push(...got.map((r) => ({ ...r, row: at + r.index + 2 })));
        setResults([...all]);
        setProgress({ done: Math.min(reports.length, at + chunk), total: reports.length });
      }
    } catch (e) {
      setError(e);
    }
  };
  const label = (r: BatchResult) => (r.status === 201 ? t('created') : r.status === 200 ? t('same') : r.status === 409 ? t('conflict') : t('invalid'));
  const counts = [201, 200, 409, 422].map((s) => [s, results.filter((r) => r.status === s).length] as const);
  return html`<${Card} title=${t('uploadCsv')}>
    <p class="muted small">${t('csvHint')}</p>
    <input type="file" id="csv-file" accept=".csv,text/csv" onChange=${(e: Event) => upload((e.target as HTMLInputElement).files?.[0])} />
    ${progress ? html`<div class="progress-line"><progress id="csv-progress" max=${progress.total} value=${progress.done}></progress> <span id="csv-progress-text">${progress.done} / ${progress.total}</span></div>` : null}
    ${results.length > 0 ? html`<p class="small" id="csv-counts">${counts.map(([s, n]) => html`<span class=${`tag st-${s}`}>${s}: ${n}</span> `)}</p>` : null}
    <${ErrorBox} error=${error} />
    <div class="table-wrap short"><table id="csv-results">
      <thead><tr><th>${t('row')}</th><th>${t('reportNumber')}</th><th>${t('result')}</th></tr></thead>
      <tbody>${results.map(
        (r) => html`<tr class=${`st-${r.status}`} data-status=${r.status}><td>${r.row}</td><td>${r.reportNumber ?? '—'}</td>
          <td>${r.status} ${label(r)}${r.code ? html` <code>${r.code}</code>` : null}${r.errors ? html`<div class="small muted">${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}</div>` : null}</td></tr>`,
      )}</tbody></table></div>
  <//>`;
};

let passportRoutes: Promise<boolean> | undefined;
const passportAvailable = (): Promise<boolean> =>
  (passportRoutes ??= api<{ paths: Record<string, unknown> }>('GET', '/openapi.json').then((doc) => '/issuers/{issuerId}/reports/{reportNumber}/passport.svg' in doc.paths));

const Passport = ({ issuerId, reportNumber }: { issuerId: string; reportNumber: string }) => {
  const [svg, setSvg] = useState<string>();
  const [url, setUrl] = useState<string>();
  const [absent, setAbsent] = useState(false);
  useEffect(() => {
    let made: string | undefined;
    const base = `/issuers/${enc(issuerId)}/reports/${enc(reportNumber)}/passport`;
    // Ask the OpenAPI document whether this deployment has passports, so an absent one costs no failed request.
    passportAvailable()
      .then(async (available) => {
        if (!available) return setAbsent(true);
        const [s, p] = await Promise.all([blobUrl(`${base}.svg`), api<{ url: string }>('GET', base)]);
        made = s;
        setSvg(s);
        setUrl(p.url);
      })
      .catch((e: unknown) => setAbsent(e instanceof ApiError));
    return () => made && URL.revokeObjectURL(made);
  }, [issuerId, reportNumber]);
  return html`<div class="passport" id="passport">
    <h3>${t('passport')}</h3>
    ${absent ? html`<p class="muted" id="passport-absent">${t('passportAbsent')}</p>` : null}
    ${svg ? html`<div class="print-card"><img class="qr" alt="QR" src=${svg} /><p class="small mono">${reportNumber}</p>${url ? html`<p class="small mono break">${url}</p>` : null}</div>
      <button class="secondary" onClick=${() => print()}>${t('print')}</button>` : null}
  </div>`;
};

const ReportPanel = ({ issuerId, reportNumber }: { issuerId: string; reportNumber: string }) => {
  const report = useAsync(() => api<Report>('GET', `/issuers/${enc(issuerId)}/reports/${enc(reportNumber)}`), [issuerId, reportNumber]);
  const [status, setStatus] = useState('SUSPENDED');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const change = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api('PATCH', `/issuers/${enc(issuerId)}/reports/${enc(reportNumber)}`, { status, reason });
      setReason('');
      report.reload();
    } catch (err) {
      setError(err);
    }
  };
  if (report.error) return html`<${ErrorBox} error=${report.error} />`;
  const r = report.data;
  if (!r) return null;
  return html`<div class="report" id="report-panel" data-status=${r.status}>
    <p><strong>${r.reportNumber}</strong> · ${r.productName} · ${r.issueDate} · <span class="badge neutral" id="report-status">${r.status}</span></p>
    <dl class="kv">${Object.entries(r).filter(([k]) => !['history', 'contentHash', 'passport'].includes(k)).map(([k, v]) => html`<dt>${k}</dt><dd>${fmt(v)}</dd>`)}</dl>
    <h3>${t('statusHistory')}</h3>
    <ol class="audit">${r.history.map((h) => html`<li><strong>${h.status}</strong> ${h.reason} <span class="muted small">${h.at} · ${h.by}</span></li>`)}</ol>
    <form class="grid" onSubmit=${change} id="status-form">
      <label>${t('status')}<select id="status-select" value=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>${Statuses.map((s) => html`<option>${s}</option>`)}</select></label>
      <label>${t('reason')}<input id="status-reason" required value=${reason} onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)} /></label>
      <div class="actions"><button type="submit" id="status-submit">${t('change')}</button></div>
    </form>
    <${ErrorBox} error=${error} />
    <${Passport} issuerId=${issuerId} reportNumber=${reportNumber} />
  </div>`;
};

export const IssuerScreen = ({ principal }: { principal: Principal }) => {
  const [issuerId, setIssuerId] = useState(principal.issuerId ?? '');
  const issuers = useAsync(async () => (principal.role === 'admin' ? (await api<{ items: Array<{ issuerId: string; name: string }> }>('GET', '/issuers')).items : []), []);
  const [number, setNumber] = useState('');
  const [shown, setShown] = useState<string>();
  useEffect(() => {
    if (!issuerId && issuers.data?.[0]) setIssuerId(issuers.data[0].issuerId);
  }, [issuers.data]);
  if (!issuerId) return issuers.error ? html`<${ErrorBox} error=${issuers.error} />` : null;
  return html`<div class="issuer">
    ${principal.role === 'admin'
      ? html`<${Card}><label>${t('issuer')}<select id="issuer-select" value=${issuerId} onChange=${(e: Event) => setIssuerId((e.target as HTMLSelectElement).value)}>
          ${(issuers.data ?? []).map((i) => html`<option value=${i.issuerId}>${i.name} (${i.issuerId})</option>`)}</select></label><//>`
      : html`<p class="muted">${issuerId}</p>`}
    <div class="split even">
      <${RegisterForm} issuerId=${issuerId} onRegistered=${(n: string) => setShown(n)} />
      <${CsvUpload} issuerId=${issuerId} />
    </div>
    <${Card} title=${t('lookup')}>
      <form class="inline" onSubmit=${(e: Event) => { e.preventDefault(); setShown(number.trim()); }}>
        <input id="lookup-number" placeholder=${t('reportNumber')} value=${number} onInput=${(e: Event) => setNumber((e.target as HTMLInputElement).value)} />
        <button type="submit" id="lookup-submit">${t('lookup')}</button>
      </form>
      ${shown ? html`<${ReportPanel} key=${`${issuerId}/${shown}`} issuerId=${issuerId} reportNumber=${shown} />` : null}
    <//>
  </div>`;
};


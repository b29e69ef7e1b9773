import { useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { t } from '../i18n.ts';
import { Card, ErrorBox, html, useAsync } from '../ui.ts';

interface Accreditation { scheme: string; number: string; scope?: string[]; validFrom: string; validUntil?: string; status: string; statusHistory?: Array<{ status: string; from: string }> }
interface Issuer { issuerId: string; name: string; nameAliases?: string[]; country?: string; accreditations: Accreditation[]; reportNumberPatterns?: string[]; verificationDomains?: string[]; registersAllReports?: boolean }
interface Key { keyId: string; role: string; issuerId?: string; platformId?: string; label?: string; createdAt?: string }

const IssuerDetail = ({ issuerId, onSaved }: { issuerId: string; onSaved: () => void }) => {
  const issuer = useAsync(() => api<Issuer>('GET', `/issuers/${enc(issuerId)}`), [issuerId]);
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<unknown>();
  if (!issuer.data) return html`<${ErrorBox} error=${issuer.error} />`;
  const i = issuer.data;
  const { issuerId: _id, createdAt: _c, updatedAt: _u, demo: _d, ...editable } = i as Issuer & Record<string, unknown>;
  const save = async () => {
    setError(undefined);
    try {
      await api('PUT', `/issuers/${enc(issuerId)}`, JSON.parse(draft ?? '{}'));
      setDraft(undefined);
      issuer.reload();
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return html`<div class="issuer-detail" id="issuer-detail">
    <h3>${i.name} <span class="muted small">${i.issuerId}${i.country ? ` · ${i.country}` : ''}</span></h3>
    <h4>${t('accreditations')}</h4>
    <div class="table-wrap"><table id="accreditations">
      <thead><tr><th>Scheme</th><th>Number</th><th>${t('status')}</th><th>Valid</th><th>${t('statusHistory')}</th></tr></thead>
      <tbody>${i.accreditations.map(
        (a) => html`<tr><td>${a.scheme}</td><td class="mono">${a.number}</td><td>${a.status}</td><td>${a.validFrom} → ${a.validUntil ?? '…'}</td>
          <td>${(a.statusHistory ?? []).map((h) => html`<div class="small">${h.from}: ${h.status}</div>`)}</td></tr>`,
      )}</tbody></table></div>
    ${i.reportNumberPatterns?.length ? html`<p class="small">Patterns: ${i.reportNumberPatterns.map((p) => html`<code>${p}</code> `)}</p>` : null}
    ${draft === undefined
      ? html`<button class="secondary" id="issuer-edit" onClick=${() => setDraft(JSON.stringify(editable, null, 2))}>Edit JSON</button>`
      : html`<textarea class="mono" id="issuer-json" rows="14" value=${draft} onInput=${(e: Event) => setDraft((e.target as HTMLTextAreaElement).value)}></textarea>
          <button id="issuer-save" onClick=${save}>${t('save')}</button>`}
    <${ErrorBox} error=${error} />
  </div>`;
};

const Keys = () => {
  const keys = useAsync(() => api<{ items: Key[] }>('GET', '/api-keys?limit=100'), []);
  const [form, setForm] = useState({ role: 'platform', issuerId: '', platformId: '', label: '' });
  const [shown, setShown] = useState<{ keyId: string; apiKey: string }>();
  const [error, setError] = useState<unknown>();
  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
      setShown(await api<{ keyId: string; apiKey: string }>('POST', '/api-keys', body));
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (keyId: string) => {
    try {
      await api('DELETE', `/api-keys/${enc(keyId)}`);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  return html`<${Card} title=${t('apiKeys')}>
    <form class="grid" onSubmit=${create} id="key-form">
      <label>${t('role')}<select id="key-role" value=${form.role} onChange=${set('role')}>${['platform', 'investigator', 'issuer', 'admin'].map((r) => html`<option>${r}</option>`)}</select></label>
      <label>${t('issuerId')}<input id="key-issuer" value=${form.issuerId} onInput=${set('issuerId')} /></label>
      <label>Platform<input id="key-platform" value=${form.platformId} onInput=${set('platformId')} /></label>
      <label>${t('label')}<input id="key-label" value=${form.label} onInput=${set('label')} /></label>
      <div class="actions"><button type="submit" id="key-create">${t('create')}</button></div>
    </form>
    ${shown ? html`<div class="once" id="key-once" role="status"><p>${t('shownOnce')}</p><code class="mono break">${shown.apiKey}</code>
      <button class="secondary" onClick=${() => void navigator.clipboard?.writeText(shown.apiKey)}>Copy</button>
      <button class="link" onClick=${() => setShown(undefined)}>×</button></div>` : null}
    <${ErrorBox} error=${error ?? keys.error} />
    <div class="table-wrap"><table id="keys">
      <thead><tr><th>keyId</th><th>${t('role')}</th><th>${t('issuerId')}</th><th>Platform</th><th>${t('label')}</th><th></th></tr></thead>
      <tbody>${(keys.data?.items ?? []).map(
        (k) => html`<tr><td class="mono">${k.keyId}</td><td>${k.role}</td><td>${k.issuerId ?? ''}</td><td>${k.platformId ?? ''}</td><td>${k.label ?? ''}</td>
          <td><button class="link danger" onClick=${() => revoke(k.keyId)}>${t('delete')}</button></td></tr>`,
      )}</tbody></table></div>
  <//>`;
};

export const AdminScreen = () => {
  const issuers = useAsync(() => api<{ items: Issuer[] }>('GET', '/issuers'), []);
  const [selected, setSelected] = useState<string>();
  const [newId, setNewId] = useState('');
  const [error, setError] = useState<unknown>();
  const createIssuer = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api('PUT', `/issuers/${enc(newId)}`, { name: newId, accreditations: [] });
      issuers.reload();
      setSelected(newId);
      setNewId('');
    } catch (err) {
      setError(err);
    }
  };
  return html`<div class="admin">
    <div class="split">
      <${Card} title=${t('issuers')}>
        <ul class="list" id="issuers">${(issuers.data?.items ?? []).map(
          (i) => html`<li><button class=${`link ${selected === i.issuerId ? 'active' : ''}`} onClick=${() => setSelected(i.issuerId)}>${i.name}</button> <span class="muted small">${i.issuerId} · ${i.accreditations.length}</span></li>`,
        )}</ul>
        <form class="inline" onSubmit=${createIssuer}><input placeholder="new-issuer-id" value=${newId} onInput=${(e: Event) => setNewId((e.target as HTMLInputElement).value)} /><button type="submit">${t('create')}</button></form>
        <${ErrorBox} error=${error ?? issuers.error} />
      <//>
      <${Card}>${selected ? html`<${IssuerDetail} key=${selected} issuerId=${selected} onSaved=${issuers.reload} />` : html`<p class="muted">${t('issuers')} →</p>`}<//>
    </div>
    <${Keys} />
  </div>`;
};

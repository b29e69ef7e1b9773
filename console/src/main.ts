import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, prime, primedGet, session } from './api.ts';
import { lang, setLang, t } from './i18n.ts';
import { AdminScreen } from './screens/admin.ts';
import { IssuerScreen } from './screens/issuer.ts';
import { NumberHistory, PatternsScreen, SearchScreen } from './screens/investigator.ts';
import { queuePath, QueueScreen } from './screens/queue.ts';
import { verificationPath, VerificationScreen } from './screens/verification.ts';
import { VerifyScreen } from './screens/verify.ts';
import { ErrorBox, html, type Principal } from './ui.ts';

type Screen = { id: string; label: () => string; roles: Principal['role'][] };

const Screens: Screen[] = [
  { id: 'queue', label: () => t('queue'), roles: ['platform', 'investigator', 'admin'] },
  { id: 'verify', label: () => t('verify'), roles: ['platform', 'investigator', 'admin'] },
  { id: 'search', label: () => t('search'), roles: ['investigator', 'admin'] },
  { id: 'patterns', label: () => t('patterns'), roles: ['investigator', 'admin'] },
  { id: 'issuer', label: () => t('issuer'), roles: ['issuer', 'admin'] },
  { id: 'admin', label: () => t('admin'), roles: ['admin'] },
];

const useHash = (): string => {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
};

const useLang = () => {
  const [, setTick] = useState(0);
  useEffect(() => lang.subscribe(() => setTick((n) => n + 1)), []);
  return lang.get();
};

const Login = ({ onLogin }: { onLogin: (p: Principal) => void }) => {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (e: Event) => {
    e.preventDefault();
    session.set(key.trim());
    try {
      onLogin(await api<Principal>('GET', '/whoami'));
    } catch (err) {
      session.clear();
      setError(err);
    }
  };
  return html`<form class="card login" onSubmit=${submit}>
    <h1>${t('appName')}</h1>
    <label>${t('apiKey')}<input id="api-key" type="password" autocomplete="off" value=${key} onInput=${(e: Event) => setKey((e.target as HTMLInputElement).value)} required /></label>
    <p class="muted">${t('keyHint')}</p>
    <button id="login" type="submit">${t('login')}</button>
    <${ErrorBox} error=${error} />
  </form>`;
};

const route = (hash: string, principal: Principal) => {
  const [, screen = '', ...rest] = hash.replace(/^#/, '').split('/');
  const param = rest.map(decodeURIComponent).join('/');
  switch (screen) {
    case 'verifications':
      return html`<${VerificationScreen} id=${param} principal=${principal} />`;
    case 'numbers':
      return html`<${NumberHistory} reportNumber=${param} />`;
    case 'verify':
      return html`<${VerifyScreen} />`;
    case 'search':
      return html`<${SearchScreen} />`;
    case 'patterns':
      return html`<${PatternsScreen} />`;
    case 'issuer':
      return html`<${IssuerScreen} principal=${principal} />`;
    case 'admin':
      return html`<${AdminScreen} />`;
    case 'queue':
      return html`<${QueueScreen} />`;
    default:
      return principal.role === 'issuer' ? html`<${IssuerScreen} principal=${principal} />` : html`<${QueueScreen} />`;
  }
};

const App = () => {
  const current = useLang();
  const hash = useHash();
  const [principal, setPrincipal] = useState<Principal | undefined>();
  const [checking, setChecking] = useState(session.key() !== null);
  useEffect(() => {
    if (!session.key()) return;
    primedGet<Principal>('/whoami')
      .then(setPrincipal, (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) session.clear();
      })
      .finally(() => setChecking(false));
  }, []);
  const screens = principal ? Screens.filter((s) => s.roles.includes(principal.role)) : [];
  const active = hash.replace(/^#\//, '').split('/')[0] || (principal?.role === 'issuer' ? 'issuer' : 'queue');
  useEffect(() => {
    if (principal && !location.hash) location.hash = principal.role === 'issuer' ? '#/issuer' : '#/queue';
  }, [principal]);
  const logout = () => {
    session.clear();
    setPrincipal(undefined);
    location.hash = '';
  };
  return html`<div class="shell">
    <header class="top">
      <a class="brand" href="#/">${t('appName')}</a>
      <nav>${screens.map((s) => html`<a href=${`#/${s.id}`} id=${`nav-${s.id}`} class=${active === s.id ? 'active' : ''}>${s.label()}</a>`)}</nav>
      <span class="spacer"></span>
      ${principal ? html`<span class="who muted">${principal.role}${principal.issuerId ? ` · ${principal.issuerId}` : ''}${principal.platformId ? ` · ${principal.platformId}` : ''}</span>` : null}
      <button class="link" id="lang" onClick=${() => setLang(current === 'zh' ? 'en' : 'zh')}>${t('language')}</button>
      ${principal ? html`<button class="link" id="logout" onClick=${logout}>${t('logout')}</button>` : null}
    </header>
    <main>${checking && !principal ? null : principal ? route(hash, principal) : html`<${Login} onLogin=${setPrincipal} />`}</main>
  </div>`;
};

// With a key kept from earlier, /whoami and the screen's data are asked for now, side by side, before the first render.
prime('/whoami');
if (/^#\/queue\/?$/.test(location.hash)) prime(queuePath('OPEN'));
const opened = /^#\/verifications\/([^/]+)$/.exec(location.hash);
if (opened?.[1]) prime(verificationPath(decodeURIComponent(opened[1])));

document.documentElement.lang = lang.get() === 'zh' ? 'zh-CN' : 'en';
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} />`, root);
}

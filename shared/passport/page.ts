import { createHash } from 'node:crypto';
import type { Issuer } from '#shared/domain/issuer.ts';
import type { RegisteredReport, ReportStatus } from '#shared/domain/report.ts';

/**
 * The public page a passport QR code opens, for any phone browser: Chinese
 * and English, the status, product, issue date and issuer. No script at all;
 * the one style block is allowed by its hash in the CSP. Every value is
 * HTML-escaped.
 */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS: Readonly<Record<ReportStatus, { en: string; zh: string; tone: 'ok' | 'warn' | 'bad' }>> = {
  VALID: { en: 'Valid', zh: '有效', tone: 'ok' },
  SUSPENDED: { en: 'Suspended', zh: '已暂停', tone: 'warn' },
  WITHDRAWN: { en: 'Withdrawn', zh: '已撤回', tone: 'bad' },
  REVOKED: { en: 'Revoked', zh: '已撤销', tone: 'bad' },
  SUPERSEDED: { en: 'Superseded', zh: '已被替代', tone: 'bad' },
};

const STYLE = [
  'body{font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:1rem;background:#f6f7f9;color:#1b1f24}',
  'main{max-width:32rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}',
  'h1{font-size:1.25rem;margin:0 0 .75rem}',
  '.status{display:inline-block;font-weight:700;font-size:1.1rem;padding:.35rem .8rem;border-radius:999px;margin-bottom:1rem}',
  '.ok{background:#e3f6e8;color:#11652f}.warn{background:#fff4d6;color:#7a5300}.bad{background:#fde4e4;color:#9b1c1c}',
  'dl{margin:0}dt{font-size:.85rem;color:#57606a;margin-top:.75rem}dd{margin:0;font-weight:600;word-break:break-word}',
  'footer{max-width:32rem;margin:1rem auto 0;font-size:.8rem;color:#57606a}',
].join('');

export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every passport page response. The URL carries a secret token: never cached by others, never sent as a referrer. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'private, no-store',
} as const;

export const renderPassportPage = (report: RegisteredReport, issuer: Pick<Issuer, 'name'> | undefined, hasCredential: boolean): string => {
  const s = STATUS[report.status];
  const row = (zh: string, en: string, value: string | undefined) =>
    value === undefined ? '' : `<dt>${zh} · ${en}</dt><dd>${escapeHtml(value)}</dd>`;
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    // No icon to fetch (a browser would ask for /favicon.ico and log the 404).
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(report.reportNumber)} · 报告核验 Report verification</title>`,
    `<style>${STYLE}</style></head><body><main>`,
    '<h1>报告核验 · Report verification</h1>',
    `<div class="status ${s.tone}">${s.zh} · ${s.en}</div>`,
    '<dl>',
    row('报告编号', 'Report number', report.reportNumber),
    row('产品名称', 'Product', report.productName),
    row('型号规格', 'Model', report.model),
    row('签发日期', 'Issue date', report.issueDate),
    row('有效期至', 'Valid until', report.validUntil),
    row('出具机构', 'Issuer', issuer?.name ?? report.issuerId),
    '</dl></main>',
    `<footer>${hasCredential ? '本页由 certverify 根据出具机构的登记记录生成，并附有签名的数字凭证。This page shows the issuer\'s registered record; a signed digital credential is attached.' : '本页显示出具机构的登记记录。This page shows the issuer\'s registered record.'}</footer>`,
    '</body></html>',
  ].join('');
};

/**
 * What a person sees for a link that matches no registered report: an unknown
 * number, a wrong or missing token and a wrong issue date all get this same
 * page, byte for byte (it names nothing from the URL), so it tells nothing.
 */
export const renderNotFoundPage = (): string =>
  [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    // No icon to fetch (a browser would ask for /favicon.ico and log the 404).
    '<link rel="icon" href="data:,">',
    '<title>未找到 · Not found · 报告核验 Report verification</title>',
    `<style>${STYLE}</style></head><body><main>`,
    '<h1>报告核验 · Report verification</h1>',
    '<div class="status bad">未找到 · Not found</div>',
    '<p>此链接没有对应的登记报告。请直接向出具机构核实。</p>',
    '<p>This link matches no registered report. Check with the issuer directly.</p>',
    '</main></body></html>',
  ].join('');

/** The RFC 9264 linkset of a passport URL: the credential (untp:dcc), the public lookup and the issuer's own verification domains. */
export const passportLinkset = (args: { anchor: string; passportUrl?: string; lookupUrl: string; verificationDomains: readonly string[] }) => ({
  linkset: [
    {
      anchor: args.anchor,
      ...(args.passportUrl
        ? { 'untp:dcc': [{ href: args.passportUrl, type: 'application/vc+jwt', title: 'Digital Conformity Credential (VC 2.0, VC-JOSE)' }] }
        : {}),
      describedby: [{ href: args.lookupUrl, type: 'application/json', title: 'Public report lookup' }],
      ...(args.verificationDomains.length > 0
        ? { related: args.verificationDomains.map((d) => ({ href: `https://${d}/`, title: "The issuer's own verification site" })) }
        : {}),
    },
  ],
});

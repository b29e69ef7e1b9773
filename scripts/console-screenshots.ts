/**
 * Screenshots of every console screen for docs/screenshots (npm run
 * screenshots), taken with the browser-test harness (test/browser/support)
 * against the local runtime with the demo registry and a few verifications of
 * the example documents. Chinese text needs a CJK font on the machine
 * (Debian: fonts-wqy-microhei).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, login, waitForExpression } from '../test/browser/support/browser.ts';
import { startLocalApi } from '../test/support/local-api.ts';
import { buildConsole } from './build-console.ts';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));

process.env.CONSOLE_ASSETS_DIR = (await buildConsole(await mkdtemp(join(tmpdir(), 'certverify-console-shots-')))).outDir;
await mkdir(out, { recursive: true });
const api = await startLocalApi();
const chrome = await launchChromium();
const shot = async (page: Page, name: string, fullPage = false) => {
  await page.waitForLoadState('networkidle');
  // A full-page shot from the top: the sticky header is drawn once, where it belongs.
  if (fullPage) await page.evaluate('scrollTo(0, 0)');
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
};
/** Pages load one after another: wait until every page of the verification shows its image. */
const allPages = (page: Page) =>
  waitForExpression(page, "(() => { const i = [...document.querySelectorAll('.page-image')]; return i.length > 0 && i.length === document.querySelectorAll('.page').length && i.every((x) => x.complete && x.naturalWidth > 0); })()");
try {
  const tampered = (await api.verifyFile(example('tampered.pdf'), api.keys.platform, { sellerId: 'shop-4711' })).body;
  for (const [file, seller] of [['fake-number.pdf', 'shop-0815'], ['unregistered-number.pdf', 'shop-0815'], ['off-pattern.pdf', 'shop-2001'], ['genuine.pdf', 'shop-1001'], ['wrong-accreditation.pdf', 'shop-3002']] as const) {
    await api.verifyFile(example(file), api.keys.platform, { sellerId: seller });
  }
  const genuine = (await api.verifyFile(example('genuine.pdf'), api.keys.platform, { sellerId: 'shop-4711' })).body;

  const page = await chrome.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${api.server.url}/console/`);
  await page.waitForSelector('#api-key');
  await shot(page, 'login');
  await login(page, api.server.url, api.keys.investigator);
  await page.waitForSelector('table.queue tbody tr');
  await shot(page, 'queue');
  await page.goto(`${api.server.url}/console/#/verifications/${tampered.verificationId as string}`);
  await allPages(page);
  await page.check('#decision-FRAUDULENT');
  await page.check('#pattern-DOCUMENT_SHA256');
  await shot(page, 'verification', true);
  await page.fill('#review-note', 'Model edited from QC-65W to QC-100W; issuer confirmed by phone.');
  await page.click('#submit-review');
  await page.waitForSelector('#audit-trail li');
  await page.locator('#decision').scrollIntoViewIfNeeded();
  await shot(page, 'decision');
  await page.goto(`${api.server.url}/console/#/verify`);
  await page.setInputFiles('#verify-files', [example('tampered.pdf'), example('genuine.pdf'), example('expired-certificate.pdf')]);
  await waitForExpression(page, "document.querySelectorAll('#verify-jobs li.done, #verify-jobs li.failed').length === 3", 60_000);
  await shot(page, 'verify');
  await page.goto(`${api.server.url}/console/#/search`);
  await page.click('#search-run');
  await page.waitForSelector('#search-results tbody tr');
  await shot(page, 'search');
  await page.goto(`${api.server.url}/console/#/numbers/${genuine.reportNumber as string}`);
  await page.waitForSelector('#search-results tbody tr');
  await shot(page, 'number-history');
  await page.goto(`${api.server.url}/console/#/patterns`);
  await page.waitForSelector('#patterns tbody tr');
  await shot(page, 'patterns');

  const issuer = await chrome.newPage({ viewport: { width: 1440, height: 900 } });
  await login(issuer, api.server.url, api.keys.issuers['mingjian-testing'] ?? '');
  const csv = join(api.dataDir, 'reports.csv');
  const rows = Array.from({ length: 40 }, (_, i) => `MJ2026-${String(800000 + i)},INSPECTION_REPORT,USB-C charger ${i},QC-${20 + i}W,2026-02-14,GB 4943.1-2022;GB/T 9254.1-2021`);
  await writeFile(csv, ['reportNumber,documentType,productName,model,issueDate,standards', ...rows, 'MJ2025-000127,INSPECTION_REPORT,Other content,QC-1W,2025-03-14,', 'MJ2026-BAD,INSPECTION_REPORT,,,2026-13-01,'].join('\n'));
  await issuer.setInputFiles('#csv-file', csv);
  await waitForExpression(issuer, "document.querySelector('#csv-progress-text')?.textContent === '42 / 42'");
  await issuer.fill('#lookup-number', 'MJ2026-800003');
  await issuer.click('#lookup-submit');
  await issuer.waitForSelector('#report-panel');
  await issuer.selectOption('#status-select', 'WITHDRAWN');
  await issuer.fill('#status-reason', 'Product recalled by the client');
  await issuer.click('#status-submit');
  await issuer.waitForSelector('#report-panel[data-status="WITHDRAWN"]');
  await shot(issuer, 'issuer', true);

  const admin = await chrome.newPage({ viewport: { width: 1440, height: 900 } });
  await login(admin, api.server.url, api.keys.admin, '#/admin');
  await admin.waitForSelector('#issuers li');
  await admin.locator('#issuers li button').first().click();
  await admin.waitForSelector('#accreditations');
  await admin.fill('#key-platform', 'acme-market');
  await admin.fill('#key-label', 'ACME trust & safety');
  await admin.click('#key-create');
  await admin.waitForSelector('#key-once');
  await shot(admin, 'admin', true);

  const phone = await chrome.newPage({ viewport: { width: 390, height: 844 } });
  await login(phone, api.server.url, api.keys.platform);
  await phone.click('#lang');
  await phone.waitForSelector('table.queue tbody tr');
  await shot(phone, 'queue-phone-zh');
  await phone.goto(`${api.server.url}/console/#/verifications/${tampered.verificationId as string}`);
  await allPages(phone);
  await shot(phone, 'verification-phone-zh');

  // The public page a passport QR code opens, on a phone (bilingual; no console involved).
  const passport = await api.call<{ url: string }>('GET', '/issuers/mingjian-testing/reports/MJ2025-000127/passport', { key: api.keys.issuers['mingjian-testing'] ?? '' });
  const consumer = await chrome.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await consumer.goto(passport.body.url);
  await shot(consumer, 'passport-phone');
} finally {
  await chrome.close();
  await api.close();
}

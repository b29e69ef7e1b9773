import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConsole } from '../../scripts/build-console.ts';
import { startLocalApi, type LocalApi } from '../support/local-api.ts';
import { launchChromium, login, waitForExpression, type Harness } from './support/browser.ts';

const example = (name: string) => new URL(`../../examples/${name}`, import.meta.url).pathname;

describe('browser: the web console in Chromium', () => {
  let api: LocalApi;
  let chrome: Harness;

  beforeAll(async () => {
    // A fresh build of the console, whatever console/dist holds.
    process.env.CONSOLE_ASSETS_DIR = (await buildConsole(await mkdtemp(join(tmpdir(), 'certverify-console-')))).outDir;
    [api, chrome] = await Promise.all([startLocalApi(), launchChromium()]);
  }, 120_000);

  beforeEach(() => {
    chrome.errors.length = 0;
  });

  afterAll(async () => {
    await chrome?.close();
    await api?.close();
  });

  const open = async (key: string, hash = '', viewport?: { width: number; height: number }): Promise<Page> => {
    const page = await chrome.newPage(viewport ? { viewport } : {});
    await login(page, api.server.url, key, hash);
    return page;
  };

  it('serves the console with a strict CSP, nosniff and no framing, and no inline script', async () => {
    // Act
    const res = await fetch(`${api.server.url}/console/`);
    const html = await res.text();

    // Assess
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    const js = /src="\/console\/(app-[A-Z0-9]{8}\.js)"/.exec(html)?.[1] ?? '';
    const packed = await fetch(`${api.server.url}/console/${js}`, { headers: { 'accept-encoding': 'gzip' } });
    expect([packed.status, packed.headers.get('content-encoding'), (await packed.text()).length > 1000]).toStrictEqual([200, 'gzip', true]);
  });

  it('lets a reviewer decide a forged report FRAUDULENT, add its hash as a pattern, and catches the next upload of the file', async () => {
    // Prepare: the platform's forged upload is in its queue.
    const forged = (await api.verifyFile(example('tampered.pdf'), api.keys.platform, { sellerId: 'seller-browser-1' })).body;
    const id = forged.verificationId as string;
    const page = await open(api.keys.platform);

    // Act: queue → verification.
    await page.waitForSelector(`table.queue tr[data-id="${id}"]`);
    await page.click(`table.queue tr[data-id="${id}"]`);
    await page.waitForSelector('.page-image');
    // Pages load one after another, page 1 first: wait for every page's image.
    const pages = (forged.document as { pages: number }).pages;
    await waitForExpression(page, `(() => { const i = [...document.querySelectorAll('.page-image')]; return i.length === ${pages} && document.querySelectorAll('.page').length === ${pages} && i.every((x) => x.complete && x.naturalWidth > 0); })()`);

    // Assess: boxes for every field the engine located, coloured by status; the diff printed vs registered.
    const boxed = Object.entries((forged.extracted as { fields: Record<string, { source: { page: number; box?: unknown } }> }).fields).filter(([, f]) => f.source.box);
    expect(boxed.length).toBeGreaterThan(0);
    expect(await page.locator('.field-box').count()).toBe(boxed.length);
    expect((await page.locator('.field-box').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).sort()).toStrictEqual(boxed.map(([n]) => n).sort());
    // The edited model is judged by fields-match (FAIL); the issuer's name by issuer-name and issuer-known (both PASS here).
    const status = (name: string) => (forged.checks as Array<{ name: string; status: string }>).find((c) => c.name === name)?.status;
    expect([status('fields-match'), status('issuer-name'), status('issuer-known')]).toStrictEqual(['FAIL', 'PASS', 'PASS']);
    const colour = async (field: string) =>
      (await page.evaluate(`(() => { const e = document.querySelector('.field-box[data-field="${field}"]'); return [e.className, getComputedStyle(e).borderTopColor]; })()`)) as [string, string];
    const [modelClass, modelColour] = await colour('model');
    const [issuerClass, issuerColour] = await colour('issuerName');
    expect([modelClass, issuerClass]).toStrictEqual(['field-box s-FAIL', 'field-box s-PASS']);
    expect(modelColour).not.toBe(issuerColour);
    const diff = page.locator('#fields-diff tr.diff[data-field="model"]');
    await expect.poll(() => diff.count()).toBe(1);
    expect(await diff.locator('td').nth(0).innerText()).toContain('QC-100W');
    expect(await diff.locator('td').nth(1).innerText()).toBe('QC-65W');
    expect(await page.locator('#checks tr[data-check="fields-match"]').innerText()).toContain('FIELDS_DIFFER');

    // Act: decide FRAUDULENT with the document hash as a fraud pattern.
    await page.check('#decision-FRAUDULENT');
    await page.selectOption('#reason-code', 'EDITED_DOCUMENT');
    await page.fill('#review-note', 'model edited from QC-65W');
    await page.check('#pattern-DOCUMENT_SHA256');
    await page.click('#submit-review');
    await page.waitForSelector('#audit-trail li strong.d-FRAUDULENT');
    await page.waitForSelector('.final .badge.bad');

    // Act: the same file again, through the Verify screen.
    await page.click('#nav-verify');
    await page.setInputFiles('#verify-files', example('tampered.pdf'));
    const job = page.locator('#verify-jobs li.job.done');
    await job.waitFor({ timeout: 60_000 });
    await job.locator('a').click();
    await page.waitForSelector('#checks tr[data-check="fraud-patterns"]');

    // Assess: caught by the pattern the review created.
    const row = await page.locator('#checks tr[data-check="fraud-patterns"]').innerText();
    expect(row).toContain('FAIL');
    const stored = await api.call<{ items: Array<{ value: string; source?: { verificationId: string } }> }>('GET', '/fraud-patterns?kind=DOCUMENT_SHA256', { key: api.keys.investigator });
    expect(stored.body.items.find((p) => p.value === (forged.document as { sha256: string }).sha256)?.source?.verificationId).toBe(id);
    expect(chrome.errors).toStrictEqual([]);
  }, 120_000);

  it('lets an issuer upload a CSV of 50 reports with per-row results, and withdraw one', async () => {
    // Prepare
    const issuerId = 'northstar-cert';
    const rows = Array.from({ length: 50 }, (_, i) => `NSC-QMS-${String(60000 + i)},CERTIFICATE,"Quality management, batch ${i}",2026-02-${String((i % 28) + 1).padStart(2, '0')},ISO 9001:2015;ISO 14001:2015`);
    const csv = join(api.dataDir, 'reports.csv');
    await writeFile(csv, ['reportNumber,documentType,productName,issueDate,standards', ...rows].join('\n'));
    const page = await open(api.keys.issuers[issuerId] ?? '');

    // Act
    await page.setInputFiles('#csv-file', csv);
    await waitForExpression(page, "document.querySelector('#csv-progress-text')?.textContent === '50 / 50'");
    await waitForExpression(page, "document.querySelectorAll('#csv-results tbody tr').length === 50");
    await page.fill('#lookup-number', 'NSC-QMS-60007');
    await page.click('#lookup-submit');
    await page.waitForSelector('#report-panel[data-status="VALID"]');
    await page.selectOption('#status-select', 'WITHDRAWN');
    await page.fill('#status-reason', 'client withdrew the product');
    await page.click('#status-submit');
    await page.waitForSelector('#report-panel[data-status="WITHDRAWN"]');

    // Assess
    expect(await page.locator('#csv-results tbody tr[data-status="201"]').count()).toBe(50);
    const stored = await api.server.repos.reports.get(issuerId, 'NSC-QMS-60007');
    expect(stored?.status).toBe('WITHDRAWN');
    expect(stored?.history.at(-1)).toMatchObject({ status: 'WITHDRAWN', reason: 'client withdrew the product' });
    expect(stored?.standards).toStrictEqual(['ISO 9001:2015', 'ISO 14001:2015']);
    expect((await api.server.repos.reports.get(issuerId, 'NSC-QMS-60049'))?.productName).toBe('Quality management, batch 49');
    expect(await page.locator('#passport').count()).toBe(1);
    expect(chrome.errors).toStrictEqual([]);
  }, 120_000);

  it('renders markup in a field as text: an <img onerror> never runs', async () => {
    // Prepare: typed-in fields and a registered report that carry markup.
    const payload = '<img src=x onerror="window.__pwned=1">';
    const typed = await api.call('POST', '/verifications', { key: api.keys.platform, body: { fields: { reportNumber: 'XSS-0001', productName: payload, issuerName: payload }, sellerId: payload } });
    await api.call('POST', '/issuers/northstar-cert/reports', { key: api.keys.admin, body: { reportNumber: 'NSC-QMS-66666', documentType: 'CERTIFICATE', productName: payload, issueDate: '2026-01-05' } });
    const page = await open(api.keys.admin);

    // Act
    await page.waitForSelector('table.queue tbody tr');
    await page.goto(`${api.server.url}/console/#/verifications/${typed.body.verificationId as string}`);
    await page.waitForSelector('#fields-diff');
    await page.goto(`${api.server.url}/console/#/issuer`);
    await page.selectOption('#issuer-select', 'northstar-cert');
    await page.fill('#lookup-number', 'NSC-QMS-66666');
    await page.click('#lookup-submit');
    await page.waitForSelector('#report-panel');
    await page.waitForTimeout(200);

    // Assess
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('#report-panel img[src="x"]').count()).toBe(0);
    expect(await page.locator('#report-panel').innerText()).toContain(payload);
    expect(chrome.errors).toStrictEqual([]);
  }, 120_000);

  it('shows every screen without a console error, in English and Chinese, on a laptop and on a phone', async () => {
    // Prepare
    const v = (await api.verifyFile(example('genuine.pdf'), api.keys.platform)).body;
    // Act & Assess
    for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
      const page = await open(api.keys.admin, '', viewport);
      for (const language of ['en', 'zh']) {
        if (language === 'zh') {
          await page.click('#lang');
          await page.waitForSelector('#nav-queue:has-text("审核队列")');
        }
        for (const hash of ['#/queue', '#/verify', '#/search', '#/patterns', '#/issuer', '#/admin', `#/verifications/${v.verificationId as string}`, `#/numbers/${v.reportNumber as string}`]) {
          await page.goto(`${api.server.url}/console/${hash}`);
          await page.waitForSelector('main .card');
          await page.waitForLoadState('networkidle');
          expect([viewport.width, language, hash, await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')]).toStrictEqual([viewport.width, language, hash, true]);
        }
        if (language === 'zh') await page.click('#lang');
      }
      await page.goto(`${api.server.url}/console/#/search`);
      await page.click('#search-run');
      await page.waitForSelector('#search-results tbody tr');
      const download = page.waitForEvent('download');
      await page.click('#search-export');
      const csv = await readFile(await (await download).path(), 'utf8');
      expect(csv.split('\r\n')[0]).toContain('verificationId,createdAt,verdict');
      await page.click('#lang');
      await page.waitForSelector('#nav-queue:has-text("审核队列")');
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
      expect(await page.evaluate('sessionStorage.length')).toBe(1);
      expect(await page.evaluate('document.cookie')).toBe('');
      await page.click('#lang');
    }
    expect(chrome.errors).toStrictEqual([]);
  }, 180_000);
});

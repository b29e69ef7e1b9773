import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi, type LocalApi } from '../support/local-api.ts';
import { launchChromium, type Harness } from './support/browser.ts';

const PHONE = { width: 390, height: 844 };

/** What a person reads on the page: each label with its value, the computed font size, and whether it fits the screen. */
const readable = async (page: Page) =>
  (await page.evaluate(`(() => {
    const rows = {};
    for (const dt of document.querySelectorAll('dt')) {
      const dd = dt.nextElementSibling;
      const r = dd.getBoundingClientRect();
      rows[dt.textContent] = { value: dd.innerText, fontPx: parseFloat(getComputedStyle(dd).fontSize), inside: r.left >= 0 && r.right <= innerWidth && r.width > 0 };
    }
    const status = document.querySelector('.status');
    const s = status.getBoundingClientRect();
    return {
      status: status.innerText,
      statusInside: s.left >= 0 && s.right <= innerWidth,
      statusFontPx: parseFloat(getComputedStyle(status).fontSize),
      rows,
      overflow: document.documentElement.scrollWidth > innerWidth,
      lang: document.documentElement.lang,
    };
  })()`)) as {
    status: string;
    statusInside: boolean;
    statusFontPx: number;
    rows: Record<string, { value: string; fontPx: number; inside: boolean }>;
    overflow: boolean;
    lang: string;
  };

describe('browser: the public passport page on a phone', () => {
  let api: LocalApi;
  let chrome: Harness;
  let passportUrl: string;
  const issuerId = 'northstar-cert';
  // A long product name, as a real one may be: it must wrap, never push the page wider than the phone.
  const productName = 'Lithium-ion power bank 20000mAh (Type-C PD 65W) 锂离子移动电源 20000毫安时 快充版';

  beforeAll(async () => {
    [api, chrome] = await Promise.all([startLocalApi(), launchChromium()]);
    const key = api.keys.issuers[issuerId] ?? '';
    await api.call('POST', `/issuers/${issuerId}/reports`, { key, body: { reportNumber: 'NSC-QMS-77001', documentType: 'CERTIFICATE', productName, issueDate: '2026-03-14' } });
    const passport = await api.call<{ url: string }>('GET', `/issuers/${issuerId}/reports/NSC-QMS-77001/passport`, { key });
    passportUrl = passport.body.url;
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await api?.close();
  });

  it('shows the status, product, issue date and issuer in Chinese and English, readable at 390×844 with no horizontal scroll', async () => {
    // Prepare
    const issuer = await api.call<{ name: string }>('GET', `/issuers/${issuerId}`, { key: api.keys.admin });
    const page = await chrome.newPage({ viewport: PHONE, locale: 'zh-CN' });

    // Act
    const res = await page.goto(passportUrl);
    const shown = await readable(page);

    // Assess
    expect(res?.status()).toBe(200);
    expect(shown.status).toBe('有效 · Valid');
    expect([shown.statusInside, shown.statusFontPx >= 16]).toStrictEqual([true, true]);
    expect(shown.rows).toMatchObject({
      '产品名称 · Product': { value: productName },
      '签发日期 · Issue date': { value: '2026-03-14' },
      '出具机构 · Issuer': { value: issuer.body.name },
      '报告编号 · Report number': { value: 'NSC-QMS-77001' },
    });
    for (const [label, row] of Object.entries(shown.rows)) expect([label, row.inside, row.fontPx >= 14]).toStrictEqual([label, true, true]);
    expect(shown.overflow).toBe(false);
    expect(shown.lang).toBe('zh-CN');
    expect(chrome.errors).toStrictEqual([]);
  }, 60_000);

  it('shows a status change: withdrawn, in both languages', async () => {
    // Prepare
    await api.call('PATCH', `/issuers/${issuerId}/reports/NSC-QMS-77001`, { key: api.keys.issuers[issuerId] ?? '', body: { status: 'WITHDRAWN', reason: 'product recalled' } });
    const page = await chrome.newPage({ viewport: PHONE });

    // Act
    const res = await page.goto(passportUrl);

    // Assess
    expect(res?.status()).toBe(200);
    expect((await readable(page)).status).toBe('已撤回 · Withdrawn');
    expect(await page.locator('.status').getAttribute('class')).toBe('status bad');
    expect(chrome.errors).toStrictEqual([]);
  }, 60_000);

  it('answers a wrong token exactly as an unknown number: the same status and the same page', async () => {
    // Prepare
    const url = new URL(passportUrl);
    const wrong = `${url.origin}${url.pathname}?t=${'A'.repeat(43)}`;
    const unknown = `${url.origin}/r/${issuerId}/NSC-QMS-00000?t=${url.searchParams.get('t') ?? ''}`;
    const page = await chrome.newPage({ viewport: PHONE });

    // Act
    const answers = [];
    for (const target of [wrong, unknown, `${url.origin}${url.pathname}`]) {
      const res = await page.goto(target);
      answers.push({ status: res?.status(), body: await res?.text(), text: await page.locator('body').innerText(), overflow: await page.evaluate('document.documentElement.scrollWidth > innerWidth') });
    }

    // Assess
    expect(answers[0]?.status).toBe(404);
    expect(answers[0]?.text).toContain('未找到 · Not found');
    expect(answers[0]?.text).not.toContain('NSC-QMS');
    expect(answers[1]).toStrictEqual(answers[0]);
    expect(answers[2]).toStrictEqual(answers[0]);
    expect(answers[0]?.overflow).toBe(false);
    // Chromium logs the 404 document itself as a failed resource (once per answer); nothing else may be logged.
    expect(chrome.errors.filter((e) => !new RegExp(`status of 404 .* @ ${url.origin}/r/`).test(e))).toStrictEqual([]);
  }, 60_000);
});

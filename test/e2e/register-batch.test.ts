import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi, type LocalApi } from '../support/local-api.ts';

const ISSUER = 'mingjian-testing';

const report = (i: number, product = `Charger ${i}`) => ({
  reportNumber: `MJ2026-${String(700000 + i)}`,
  documentType: 'INSPECTION_REPORT',
  productName: product,
  model: `QC-${i}`,
  issueDate: '2026-03-01',
  standards: ['GB 4943.1-2022'],
});

interface Result { index: number; reportNumber?: string; status: number; code?: string; passport?: { url: string; credential: string } }

describe('e2e: POST /issuers/{issuerId}/reports/batch', () => {
  let api: LocalApi;
  let key: string;

  beforeAll(async () => {
    api = await startLocalApi();
    key = api.keys.issuers[ISSUER] ?? '';
  });

  afterAll(async () => api?.close());

  it('registers a 500-report batch with 10 duplicates, 5 conflicts and 5 invalid rows, each with the single call\'s status', async () => {
    // Prepare: 480 distinct reports, then 10 exact repeats of earlier rows, 5 other contents under earlier numbers, 5 invalid rows, shuffled in.
    const rows: unknown[] = Array.from({ length: 480 }, (_, i) => report(i));
    const expected = new Map<number, { status: number; code?: string }>();
    const insert = (at: number, row: unknown, outcome: { status: number; code?: string }) => {
      rows.splice(at, 0, row);
      for (const [k, v] of [...expected.entries()].sort((a, b) => b[0] - a[0])) {
        if (k >= at) {
          expected.delete(k);
          expected.set(k + 1, v);
        }
      }
      expected.set(at, outcome);
    };
    for (let d = 0; d < 10; d++) insert(300 + d * 17, report(d * 11), { status: 200 });
    for (let c = 0; c < 5; c++) insert(420 + c * 9, report(200 + c, 'A different product'), { status: 409, code: 'REPORT_ALREADY_REGISTERED' });
    const invalid = [
      { reportNumber: 'MJ2026-BAD1', documentType: 'INSPECTION_REPORT', productName: 'x', issueDate: '2026-02-30' },
      { reportNumber: 'MJ2026-BAD2', documentType: 'LETTER', productName: 'x', issueDate: '2026-01-01' },
      { reportNumber: 'MJ2026/BAD3', documentType: 'INSPECTION_REPORT', productName: 'x', issueDate: '2026-01-01' },
      { reportNumber: 'MJ2026-BAD4', documentType: 'INSPECTION_REPORT', issueDate: '2026-01-01' },
      'not an object',
    ];
    invalid.forEach((row, n) => insert(5 + n * 50, row, { status: 422, code: 'VALIDATION_FAILED' }));
    expect(rows).toHaveLength(500);

    // Act
    const res = await api.call<{ results: Result[] }>('POST', `/issuers/${ISSUER}/reports/batch`, { key, body: { reports: rows } });

    // Assess
    expect(res.status).toBe(200);
    const { results } = res.body;
    expect(results.map((r) => r.index)).toStrictEqual(rows.map((_, i) => i));
    for (const [index, outcome] of expected) expect(results[index], `row ${index}`).toMatchObject(outcome);
    const others = results.filter((r) => !expected.has(r.index));
    expect(others).toHaveLength(480);
    expect(others.every((r) => r.status === 201 && r.code === undefined)).toBe(true);
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    expect(results.filter((r) => r.status === 422)).toHaveLength(5);
    for (let i = 0; i < 480; i++) {
      const stored = await api.server.repos.reports.get(ISSUER, report(i).reportNumber);
      expect(stored?.productName, `report ${i}`).toBe(`Charger ${i}`);
    }
    // 201 and 200 carry the report's passport, as the single call's body does; 409 and 422 none.
    for (const r of results) {
      if (r.status === 201 || r.status === 200) {
        expect(r.passport?.url, `row ${r.index}`).toMatch(new RegExp(`/r/${ISSUER}/${r.reportNumber ?? ''}\\?t=[\\w-]{20,}$`));
        expect(r.passport?.credential.split('.'), `row ${r.index}`).toHaveLength(3);
      } else expect(r.passport, `row ${r.index}`).toBeUndefined();
    }
    // A repeat (200) gets the passport its first registration was issued; it equals the single call's.
    const repeat = results.find((r) => r.status === 200);
    const first = results.find((r) => r.status === 201 && r.reportNumber === repeat?.reportNumber);
    expect(repeat?.passport).toStrictEqual(first?.passport);
    const single = await api.call<{ passport: unknown }>('POST', `/issuers/${ISSUER}/reports`, { key, body: report(0) });
    expect([single.status, single.body.passport]).toStrictEqual([200, results.find((r) => r.reportNumber === report(0).reportNumber)?.passport]);
    const payload = JSON.parse(Buffer.from(first?.passport?.credential.split('.')[1] ?? '', 'base64url').toString('utf8')) as { credentialSubject?: { reportNumber?: string } };
    expect(JSON.stringify(payload)).toContain(first?.reportNumber ?? 'missing');
  }, 120_000);

  it('answers a repeated batch with 200 for what it registered, and applies a repeat within a batch in array order', async () => {
    // Prepare
    const again = await api.call<{ results: Result[] }>('POST', `/issuers/${ISSUER}/reports/batch`, {
      key,
      body: { reports: [report(1), report(900), report(900), report(900, 'Other'), report(901, 'First'), report(901, 'Second')] },
    });

    // Act & Assess
    expect(again.body.results.map((r) => [r.reportNumber, r.status])).toStrictEqual([
      ['MJ2026-700001', 200],
      ['MJ2026-700900', 201],
      ['MJ2026-700900', 200],
      ['MJ2026-700900', 409],
      ['MJ2026-700901', 201],
      ['MJ2026-700901', 409],
    ]);
  });

  it('refuses another issuer\'s key, an empty batch and one over 500', async () => {
    // Prepare
    const other = await api.call('POST', `/issuers/${ISSUER}/reports/batch`, { key: api.keys.issuers['northstar-cert'], body: { reports: [report(1)] } });
    const empty = await api.call('POST', `/issuers/${ISSUER}/reports/batch`, { key, body: { reports: [] } });
    const big = await api.call('POST', `/issuers/${ISSUER}/reports/batch`, { key, body: { reports: Array.from({ length: 501 }, (_, i) => report(i)) } });
    const unknown = await api.call('POST', '/issuers/no-such-lab/reports/batch', { key: api.keys.admin, body: { reports: [report(1)] } });

    // Act & Assess
    expect([other.status, other.body.code]).toStrictEqual([403, 'FORBIDDEN']);
    expect([empty.status, empty.body.code]).toStrictEqual([422, 'VALIDATION_FAILED']);
    expect([big.status, big.body.code]).toStrictEqual([422, 'VALIDATION_FAILED']);
    expect([unknown.status, unknown.body.code]).toStrictEqual([404, 'ISSUER_NOT_FOUND']);
  });
});

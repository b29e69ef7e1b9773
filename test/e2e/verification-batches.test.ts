import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';
import { DemoIssuers, DemoReports } from '#local/seed/demo-data.ts';

type Json = Record<string, unknown>;

/**
 * A 2,000-item batch of typed-in fields on the local runtime: genuine
 * numbers (registered for this test, one per item), forged ones (a
 * registered number with another product), unknown numbers of an issuer that
 * registers all its reports, numbers of an unknown issuer, and a few invalid
 * items. Every result line must be there, in order, with the verdict the
 * single call gives for the same item.
 */
describe('e2e: verification batches on the local runtime', () => {
  let server: LocalServer;
  let dataDir: string;
  let platform: string;
  let otherPlatform: string;

  const call = async (method: string, path: string, options: { key?: string; json?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const jsonOf = (r: { text: string }) => JSON.parse(r.text) as Json;

  const template = DemoReports.find((r) => r.report.reportNumber === 'MJ2025-000127')?.report;
  const issuer = DemoIssuers['mingjian-testing'];
  const number = (i: number) => `MJ2026-${String(100000 + i)}`;
  const fieldsOf = (reportNumber: string, productName = template?.productName) => ({
    reportNumber,
    issuerName: issuer?.name,
    accreditationNumbers: issuer?.accreditations.map((a) => `${a.scheme} ${a.number}`),
    productName,
    model: template?.model,
    issueDate: template?.issueDate,
  });
  const kindOf = (i: number) => (i % 97 === 5 ? 'invalid' : (['genuine', 'genuine', 'forged', 'unknown', 'unknown-issuer'] as const)[i % 5]);
  const itemOf = (i: number): Json => {
    const kind = kindOf(i);
    const seller = { sellerId: `seller-${i}`, listingId: `listing-${i}` };
    if (kind === 'invalid') return { fields: { productName: 'no report number' }, ...seller };
    if (kind === 'forged') return { fields: fieldsOf(number(i), '无线耳机'), ...seller };
    if (kind === 'unknown-issuer') return { fields: { reportNumber: `ZZ-${i}`, issuerName: 'Nowhere Testing Co.', productName: '台灯' }, ...seller };
    return { fields: fieldsOf(number(i)), ...seller };
  };
  const items = Array.from({ length: 2000 }, (_, i) => itemOf(i));

  const waitDone = async (batchId: string, key = platform): Promise<Json> => {
    const deadline = Date.now() + 240_000;
    for (;;) {
      const status = jsonOf(await call('GET', `/verification-batches/${batchId}`, { key }));
      if (status.state === 'DONE' || Date.now() > deadline) return status;
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-e2e-batches-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true });
    ({ platform } = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { platform: string });
    otherPlatform = (await server.repos.apiKeys.create({ role: 'platform', platformId: 'other-market' })).apiKey;
    const limit = pLimit(16);
    await Promise.all(
      items.map((_, i) =>
        kindOf(i) === 'genuine' || kindOf(i) === 'forged'
          ? limit(() => server.repos.reports.register('mingjian-testing', { ...(template as NonNullable<typeof template>), reportNumber: number(i) }, 'test'))
          : undefined,
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a 2,000-item fields batch: every line in order, each verdict the single call\'s', async () => {
    const submitted = await call('POST', '/verification-batches', { key: platform, json: { items } });

    expect(submitted.status).toBe(202);
    const { batchId, total } = jsonOf(submitted) as { batchId: string; total: number };
    expect(total).toBe(2000);
    const status = await waitDone(batchId);
    const results = await call('GET', `/verification-batches/${batchId}/results`, { key: platform });
    const lines = results.text.trimEnd().split('\n').map((l) => JSON.parse(l) as Json);

    expect(results.type).toBe('application/x-ndjson');
    expect(lines.map((l) => l.index)).toStrictEqual(items.map((_, i) => i));
    const invalid = lines.filter((_, i) => kindOf(i) === 'invalid');
    expect(invalid.every((l) => JSON.stringify(l.error) === JSON.stringify({ status: 422, code: 'VALIDATION_FAILED' }))).toBe(true);
    const verdicts: Record<string, number> = {};
    for (const l of lines) if (typeof l.verdict === 'string') verdicts[l.verdict] = (verdicts[l.verdict] ?? 0) + 1;
    expect(status).toStrictEqual({ batchId, state: 'DONE', total: 2000, done: 2000, verdicts, errors: invalid.length, createdAt: expect.any(String) });
    expect(Object.keys(verdicts).sort()).toStrictEqual(['AUTHENTIC', 'FRAUDULENT', 'UNVERIFIABLE']);

    // Every item's verdict is its kind's, and equals the single call's for the same item: every
    // 4th item here (500 calls, every kind); `npm run bench:batches -- --compare-all` calls all 2,000.
    const expected = { genuine: 'AUTHENTIC', forged: 'FRAUDULENT', unknown: 'FRAUDULENT', 'unknown-issuer': 'UNVERIFIABLE' } as const;
    expect(lines.flatMap((l, i) => (kindOf(i) !== 'invalid' && l.verdict !== expected[kindOf(i) as keyof typeof expected] ? [i] : []))).toStrictEqual([]);
    const limit = pLimit(16);
    const single = await Promise.all(
      items.map((item, i) =>
        kindOf(i) === 'invalid' || i % 4 !== 0 ? undefined : limit(async () => jsonOf(await call('POST', '/verifications', { key: platform, json: item })).verdict),
      ),
    );
    expect(single.filter(Boolean)).toHaveLength(items.filter((_, i) => kindOf(i) !== 'invalid' && i % 4 === 0).length);
    const mismatches = lines.flatMap((l, i) => (single[i] !== undefined && l.verdict !== single[i] ? [{ i, kind: kindOf(i), batch: l.verdict, single: single[i] }] : []));
    expect(mismatches).toStrictEqual([]);
    expect(lines.filter((l, i) => kindOf(i) === 'genuine' && l.verdict === 'AUTHENTIC')).toHaveLength(items.filter((_, i) => kindOf(i) === 'genuine').length);
    expect(lines[0]).toStrictEqual({ index: 0, verificationId: expect.stringMatching(/^v_/), verdict: 'AUTHENTIC', riskScore: expect.any(Number), reportNumber: number(0), sellerId: 'seller-0', listingId: 'listing-0' });
    const stored = jsonOf(await call('GET', `/verifications/${String(lines[0]?.verificationId)}`, { key: platform }));
    expect(stored).toMatchObject({ verdict: 'AUTHENTIC', sellerId: 'seller-0', extracted: { textSource: 'fields' } });
  }, 600_000);

  it('answers a repeated submission with the same Idempotency-Key with the same batch, and another body with 409', async () => {
    // Prepare
    const body = { items: items.slice(0, 3) };
    const headers = { 'idempotency-key': 'batch-key-0001' };

    const first = await call('POST', '/verification-batches', { key: platform, json: body, headers });
    const again = await call('POST', '/verification-batches', { key: platform, json: body, headers });
    const other = await call('POST', '/verification-batches', { key: platform, json: { items: items.slice(0, 4) }, headers });

    // Act & Assess
    expect([first.status, again.status, other.status]).toStrictEqual([202, 202, 409]);
    expect(jsonOf(again)).toStrictEqual(jsonOf(first));
    expect(jsonOf(other)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await waitDone(String(jsonOf(first).batchId));
  });

  it('reports uploads by their verification and an unknown upload as its 404 line; other platforms may not read the batch', async () => {
    const upload = jsonOf(await call('POST', '/uploads', { key: platform, json: { sellerId: 'seller-upload' } })) as { verificationId: string; uploadUrl: string };
    const put = await fetch(upload.uploadUrl, { method: 'PUT', body: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]) });
    expect(put.status).toBe(200);
    const submitted = jsonOf(
      await call('POST', '/verification-batches', { key: platform, json: { items: [{ uploadId: upload.verificationId }, { uploadId: 'v_0000000000unknown000' }, items[0]] } }),
    ) as { batchId: string };

    const status = await waitDone(submitted.batchId);
    const lines = (await call('GET', `/verification-batches/${submitted.batchId}/results`, { key: platform })).text.trimEnd().split('\n').map((l) => JSON.parse(l) as Json);

    expect(status).toMatchObject({ state: 'DONE', done: 3, errors: 2 });
    expect(lines[0]).toStrictEqual({ index: 0, error: { status: 422, code: expect.stringMatching(/PDF|DOCUMENT/) } });
    expect(lines[1]).toStrictEqual({ index: 1, error: { status: 404, code: 'VERIFICATION_NOT_FOUND' } });
    expect(lines[2]).toMatchObject({ index: 2, verdict: 'AUTHENTIC' });
    expect((await call('GET', `/verification-batches/${submitted.batchId}`, { key: otherPlatform })).status).toBe(403);
    expect(jsonOf(await call('GET', '/verification-batches/b_nope', { key: platform }))).toMatchObject({ status: 404, code: 'VERIFICATION_BATCH_NOT_FOUND' });
  });

  it('refuses an empty batch and one over 10,000 items with 422', async () => {
    // Act & Assess
    expect((await call('POST', '/verification-batches', { key: platform, json: { items: [] } })).status).toBe(422);
    expect((await call('POST', '/verification-batches', { key: platform, json: { items: Array.from({ length: 10_001 }, () => ({})) } })).status).toBe(422);
    expect((await call('POST', '/verification-batches', { key: platform, json: 'x' })).status).toBe(422);
  });
});

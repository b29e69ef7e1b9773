import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi, type LocalApi } from '../support/local-api.ts';

const example = (name: string) => new URL(`../../examples/${name}`, import.meta.url).pathname;

interface QueueItem { verificationId: string; verdict: string; riskScore: number; createdAt: string; state: string; reasons: string[] }

describe('e2e: review queue, reviews and the stored document', () => {
  let api: LocalApi;
  let tampered: Record<string, unknown>;
  let otherPlatform: string;

  beforeAll(async () => {
    api = await startLocalApi();
    tampered = (await api.verifyFile(example('tampered.pdf'), api.keys.platform, { sellerId: 'seller-rv-1' })).body;
    // Its first pages are rendered from the change feed (render-pages-ahead): let that finish before the page tests.
    await api.server.settled();
    const created = await api.call('POST', '/api-keys', { key: api.keys.admin, body: { role: 'platform', platformId: 'other-market', label: 'other' } });
    otherPlatform = created.body.apiKey as string;
  }, 120_000);

  afterAll(async () => api?.close());

  it('queues every non-AUTHENTIC verdict, highest risk first then oldest, for its platform and for investigators', async () => {
    // Prepare
    const genuine = await api.verifyFile(example('genuine.pdf'), api.keys.platform);
    const fields = await api.call('POST', '/verifications', { key: api.keys.platform, body: { fields: { reportNumber: 'ZZ-NOT-A-NUMBER-1' } } });

    // Act
    const mine = await api.call<{ items: QueueItem[] }>('GET', '/reviews?state=OPEN', { key: api.keys.platform });
    const all = await api.call<{ items: QueueItem[] }>('GET', '/reviews', { key: api.keys.investigator });
    const theirs = await api.call<{ items: QueueItem[] }>('GET', '/reviews', { key: otherPlatform });

    // Assess
    expect(genuine.body.verdict).toBe('AUTHENTIC');
    const ids = mine.body.items.map((i) => i.verificationId);
    expect(ids).toContain(tampered.verificationId);
    expect(ids).toContain(fields.body.verificationId);
    expect(ids).not.toContain(genuine.body.verificationId);
    expect(all.body.items.map((i) => i.verificationId)).toStrictEqual(ids);
    expect(theirs.body.items).toStrictEqual([]);
    const order = [...mine.body.items].sort((a, b) => b.riskScore - a.riskScore || a.createdAt.localeCompare(b.createdAt));
    expect(mine.body.items).toStrictEqual(order);
    const line = mine.body.items.find((i) => i.verificationId === tampered.verificationId);
    expect(line).toMatchObject({ verdict: 'FRAUDULENT', riskScore: tampered.riskScore, state: 'OPEN', sellerId: 'seller-rv-1' });
    const failed = (tampered.checks as Array<{ status: string; code: string }>).filter((c) => c.status !== 'PASS' && c.status !== 'SKIPPED').map((c) => c.code);
    expect(line?.reasons).toStrictEqual([...new Set(failed)]);
  });

  it('pages the queue with an opaque cursor', async () => {
    // Act
    const first = await api.call<{ items: QueueItem[]; nextCursor?: string }>('GET', '/reviews?limit=1', { key: api.keys.investigator });
    const second = await api.call<{ items: QueueItem[] }>('GET', `/reviews?limit=1&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`, { key: api.keys.investigator });
    const bad = await api.call('GET', '/reviews?cursor=nope', { key: api.keys.investigator });

    // Assess
    expect(first.body.items).toHaveLength(1);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0]?.verificationId).not.toBe(first.body.items[0]?.verificationId);
    expect([bad.status, bad.body.code]).toStrictEqual([400, 'INVALID_CURSOR']);
  });

  it('returns the original bytes and page images to whoever may read the verification', async () => {
    // Prepare
    const id = tampered.verificationId as string;
    // Act
    const doc = await api.call('GET', `/verifications/${id}/document`, { key: api.keys.platform });
    const page = await api.call('GET', `/verifications/${id}/pages/1`, { key: api.keys.investigator });
    const past = await api.call('GET', `/verifications/${id}/pages/9`, { key: api.keys.investigator });
    const foreign = await api.call('GET', `/verifications/${id}/document`, { key: otherPlatform });
    const anonymous = await api.call('GET', `/verifications/${id}/document`);

    // Assess
    expect(doc.status).toBe(200);
    expect(doc.type).toBe('application/pdf');
    expect(doc.bytes.equals(await readFile(example('tampered.pdf')))).toBe(true);
    expect([page.status, page.type, page.bytes.subarray(0, 3).toString('hex')]).toStrictEqual([200, 'image/jpeg', 'ffd8ff']);
    expect([past.status, past.body.code]).toStrictEqual([422, 'VALIDATION_FAILED']);
    expect([foreign.status, foreign.body.code]).toStrictEqual([403, 'FORBIDDEN']);
    expect(anonymous.status).toBe(401);
  });

  it('renders a page once: kept encrypted beside the document, shared by every verification of the file, 304 on its ETag', async () => {
    // Prepare: a second verification of the same file (same sha256), after page 1 of the first was asked for.
    const id = tampered.verificationId as string;
    const sha256 = (tampered.document as { sha256: string }).sha256;
    const first = await api.call('GET', `/verifications/${id}/pages/1`, { key: api.keys.platform });
    const again = (await api.verifyFile(example('tampered.pdf'), api.keys.platform)).body.verificationId as string;
    const kept = `${api.dataDir}/documents/pages/${sha256}`;
    const { readdir, writeFile } = await import('node:fs/promises');
    const [name] = await readdir(kept);
    // The kept page is what is served: overwrite it with the sealed bytes of another page image, and the next answer is that one.
    const other = await api.call('GET', `/verifications/${again}/pages/2`, { key: api.keys.platform });
    const otherName = (await readdir(kept)).find((f) => f !== name) as string;
    await writeFile(`${kept}/${name as string}`, await readFile(`${kept}/${otherName}`));

    // Act
    const shared = await api.call('GET', `/verifications/${again}/pages/1`, { key: api.keys.platform });
    const revalidated = await api.call('GET', `/verifications/${id}/pages/1`, { key: api.keys.platform, headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    const foreign = await api.call('GET', `/verifications/${id}/pages/1`, { key: otherPlatform, headers: { 'if-none-match': first.headers.get('etag') ?? '' } });

    // Assess
    expect([first.status, first.type, first.headers.get('cache-control')]).toStrictEqual([200, 'image/jpeg', 'private, max-age=3600']);
    expect(first.headers.get('etag')).toMatch(/^"[a-f0-9]{32}-1-\d+"$/);
    expect([name, otherName]).toStrictEqual([expect.stringMatching(/^1-\d+$/), expect.stringMatching(/^2-\d+$/)]);
    expect((await readFile(`${kept}/${otherName}`)).subarray(0, 3).toString('hex')).not.toBe('ffd8ff');
    expect(shared.bytes.equals(other.bytes)).toBe(true);
    expect(shared.bytes.equals(first.bytes)).toBe(false);
    expect([revalidated.status, revalidated.bytes.length, revalidated.headers.get('etag')]).toStrictEqual([304, 0, first.headers.get('etag')]);
    expect([foreign.status, foreign.body?.code]).toStrictEqual([403, 'FORBIDDEN']);
  });

  it('renders the first pages of an upload bound for the review queue as soon as its verdict is stored', async () => {
    // Prepare
    const upload = await api.call<{ uploadUrl: string; verificationId: string }>('POST', '/uploads', { key: api.keys.platform, body: { sellerId: 'seller-ahead' } });
    const { readdir } = await import('node:fs/promises');

    // Act
    const put = await fetch(upload.body.uploadUrl, { method: 'PUT', body: await readFile(example('fake-number.pdf')) });
    await api.server.settled();
    const done = await api.call('GET', `/verifications/${upload.body.verificationId}`, { key: api.keys.platform });
    const document = done.body.document as { sha256: string; pages: number };
    const kept = await readdir(`${api.dataDir}/documents/pages/${document.sha256}`);

    // Assess
    expect([put.status, done.body.verdict]).toStrictEqual([200, 'FRAUDULENT']);
    expect(kept.sort()).toStrictEqual(Array.from({ length: Math.min(document.pages, 3) }, (_, i) => expect.stringMatching(new RegExp(`^${i + 1}-\\d+$`))));
  });

  it('renders the first pages of a synchronous verification bound for the review queue from the change feed, and none of an AUTHENTIC one', async () => {
    // Prepare
    const { readdir } = await import('node:fs/promises');
    const kept = async (sha256: string) => (await readdir(`${api.dataDir}/documents/pages/${sha256}`).catch(() => [])).sort();

    // Act
    const suspect = await api.verifyFile(example('unregistered-number.pdf'), api.keys.platform, { sellerId: 'seller-ahead-sync' });
    const sha256 = (suspect.body.document as { sha256: string }).sha256;
    await api.server.settled();
    const afterFeed = await kept(sha256);
    const genuine = await api.verifyFile(example('gem-genuine.pdf'), api.keys.platform);
    await api.server.settled();
    const page = await api.call('GET', `/verifications/${suspect.body.verificationId as string}/pages/1`, { key: api.keys.platform });

    // Assess
    const pages = (suspect.body.document as { pages: number }).pages;
    expect(suspect.body.verdict).not.toBe('AUTHENTIC');
    expect(afterFeed).toStrictEqual(Array.from({ length: Math.min(pages, 3) }, (_, i) => expect.stringMatching(new RegExp(`^${i + 1}-\\d+$`))));
    expect(genuine.body.verdict).toBe('AUTHENTIC');
    expect(await kept((genuine.body.document as { sha256: string }).sha256)).toStrictEqual([]);
    expect([page.status, page.type]).toStrictEqual([200, 'image/jpeg']);
  });

  it('keeps the document encrypted at rest under .data', async () => {
    // Prepare
    const { readdir } = await import('node:fs/promises');
    const dir = `${api.dataDir}/documents`;
    // Act
    const files = await readdir(dir);
    const stored = await readFile(`${dir}/${tampered.verificationId as string}`);

    // Assess
    expect(files).toContain(tampered.verificationId);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('appends reviews: the latest sets finalVerdict, verdict never changes, and a forged hash becomes a HIGH pattern', async () => {
    // Prepare
    const id = tampered.verificationId as string;

    // Act
    const escalated = await api.call('POST', `/verifications/${id}/reviews`, { key: api.keys.platform, body: { decision: 'ESCALATED', reasonCode: 'NEEDS_SECOND_OPINION' } });
    const afterEscalation = await api.call('GET', `/verifications/${id}`, { key: api.keys.platform });
    const decided = await api.call('POST', `/verifications/${id}/reviews`, {
      key: api.keys.investigator,
      body: { decision: 'FRAUDULENT', reasonCode: 'EDITED_DOCUMENT', note: 'model edited', addFraudPatterns: ['DOCUMENT_SHA256', 'SELLER'] },
    });
    const afterDecision = await api.call('GET', `/verifications/${id}`, { key: api.keys.platform });
    const trail = await api.call<{ items: Array<Record<string, unknown>> }>('GET', `/verifications/${id}/reviews`, { key: api.keys.platform });
    const patterns = await api.call<{ items: Array<Record<string, unknown>> }>('GET', '/fraud-patterns?kind=DOCUMENT_SHA256', { key: api.keys.investigator });
    const open = await api.call<{ items: QueueItem[] }>('GET', '/reviews?state=OPEN', { key: api.keys.platform });
    const done = await api.call<{ items: QueueItem[] }>('GET', '/reviews?state=DECIDED', { key: api.keys.platform });
    const again = await api.verifyFile(example('tampered.pdf'), api.keys.platform);

    // Assess
    expect(escalated.status).toBe(201);
    expect(afterEscalation.body.finalVerdict).toBeUndefined();
    expect(afterEscalation.body.review).toMatchObject({ decision: 'ESCALATED', reasonCode: 'NEEDS_SECOND_OPINION' });
    expect(decided.status).toBe(201);
    const reviewId = decided.body.reviewId as string;
    expect(afterDecision.body).toMatchObject({ verdict: 'FRAUDULENT', finalVerdict: 'FRAUDULENT' });
    expect(afterDecision.body.review).toStrictEqual({
      reviewId,
      decision: 'FRAUDULENT',
      reasonCode: 'EDITED_DOCUMENT',
      note: 'model edited',
      reviewer: { keyId: expect.any(String), role: 'investigator' },
      createdAt: decided.body.createdAt,
    });
    expect(trail.body.items.map((r) => r.decision)).toStrictEqual(['ESCALATED', 'FRAUDULENT']);
    const hash = (tampered.document as { sha256: string }).sha256;
    const pattern = patterns.body.items.find((p) => p.value === hash);
    expect(pattern).toMatchObject({ kind: 'DOCUMENT_SHA256', severity: 'HIGH', source: { reviewId, verificationId: id } });
    expect(pattern?.note).toContain(reviewId);
    expect(open.body.items.map((i) => i.verificationId)).not.toContain(id);
    expect(done.body.items.find((i) => i.verificationId === id)).toMatchObject({ state: 'DECIDED', finalVerdict: 'FRAUDULENT' });
    const caught = (again.body.checks as Array<{ name: string; status: string; evidence?: unknown }>).find((c) => c.name === 'fraud-patterns');
    expect(caught?.status).toBe('FAIL');
    expect(JSON.stringify(caught?.evidence)).toContain(hash);
  });

  it('refuses a review from another platform, a pattern with no value, and a bad body', async () => {
    // Prepare
    const id = tampered.verificationId as string;
    const foreign = await api.call('POST', `/verifications/${id}/reviews`, { key: otherPlatform, body: { decision: 'GENUINE', reasonCode: 'ISSUER_CONFIRMED' } });
    const fields = await api.call('POST', '/verifications', { key: api.keys.platform, body: { fields: { reportNumber: 'ZZ-NOT-A-NUMBER-2' } } });
    const noHash = await api.call('POST', `/verifications/${fields.body.verificationId as string}/reviews`, {
      key: api.keys.platform,
      body: { decision: 'FRAUDULENT', reasonCode: 'FAKE_NUMBER', addFraudPatterns: ['DOCUMENT_SHA256'] },
    });
    const bad = await api.call('POST', `/verifications/${id}/reviews`, { key: api.keys.platform, body: { decision: 'MAYBE', reasonCode: 'x' } });
    const missing = await api.call('POST', '/verifications/v_0000000000000/reviews', { key: api.keys.admin, body: { decision: 'GENUINE', reasonCode: 'OCR_MISREAD' } });

    // Act & Assess
    expect([foreign.status, foreign.body.code]).toStrictEqual([403, 'FORBIDDEN']);
    expect([noHash.status, noHash.body.code]).toStrictEqual([422, 'VALIDATION_FAILED']);
    expect([bad.status, bad.body.code, (bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()]).toStrictEqual([422, 'VALIDATION_FAILED', ['body.decision', 'body.reasonCode']]);
    expect([missing.status, missing.body.code]).toStrictEqual([404, 'VERIFICATION_NOT_FOUND']);
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';
import { shutdownSharedTesseract } from '#shared/text/tesseract.ts';
import { EXAMPLES } from '../../scripts/documents/examples.ts';
import { renderScanJpeg, renderTextPdf } from '../../scripts/documents/index.ts';

type Json = Record<string, unknown>;

describe('e2e: verification over HTTP on the local runtime', () => {
  let server: LocalServer;
  let dataDir: string;
  let platform: string;
  let investigator: string;
  let admin: string;
  const pdfs = new Map<string, Uint8Array>();

  const call = async (method: string, path: string, options: { key?: string; json?: unknown; body?: RequestInit['body']; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), body: (text ? JSON.parse(text) : undefined) as Json };
  };

  const verifyFile = (bytes: Uint8Array, extra: Json = {}, filename = 'report.pdf') =>
    call('POST', '/verifications', { key: platform, json: { document: { contentBase64: Buffer.from(bytes).toString('base64'), filename }, ...extra } });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-e2e-verify-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true });
    const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { platform: string; investigator: string; admin: string };
    ({ platform, investigator, admin } = keys);
    for (const example of EXAMPLES) pdfs.set(example.id, await renderTextPdf(example.doc));
  });

  afterAll(async () => {
    await server?.close();
    await shutdownSharedTesseract();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('ships examples/ exactly as scripts/generate-examples.ts renders them', async () => {
    // Prepare
    const index = JSON.parse(await readFile(new URL('../../examples/index.json', import.meta.url), 'utf8')) as Array<{ file: string; sha256: string }>;
    // Act & Assess
    for (const [id, pdf] of pdfs) {
      expect(index.find((e) => e.file === `${id}.pdf`)?.sha256, id).toBe(createHash('sha256').update(pdf).digest('hex'));
    }
  });

  it.each(EXAMPLES.map((e) => [e.id, e.expected, e.submission ?? {}] as const))('verifies the %s example as %s', async (id, expected, submission) => {
    // Act
    const res = await verifyFile(pdfs.get(id) as Uint8Array, { ...submission, sellerId: `seller-${id}` });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.verdict, JSON.stringify((res.body.checks as Json[]).filter((c) => c.status !== 'PASS' && c.status !== 'SKIPPED'))).toBe(expected);
    expect(res.body.extracted).toMatchObject({ textSource: 'pdf-text' });
    expect((res.body.summary as Json).zh).toEqual(expect.any(String));
  });

  it('verifies the genuine report from a multipart upload', async () => {
    // Prepare
    const form = new FormData();
    form.set('file', new Blob([pdfs.get('genuine') as Uint8Array], { type: 'application/pdf' }), 'report.pdf');
    form.set('sellerId', 'seller-multipart');
    form.set('claimedProduct', '快速充电器');

    const res = await call('POST', '/verifications', { key: platform, body: form });

    // Act & Assess
    expect([res.status, res.body.verdict, res.body.sellerId]).toStrictEqual([200, 'AUTHENTIC', 'seller-multipart']);
    expect(res.body.document).toMatchObject({ contentType: 'application/pdf', pages: 2 });
  });

  it('verifies a 300-dpi scan of the genuine report with OCR', async () => {
    // Prepare
    const genuine = EXAMPLES.find((e) => e.id === 'genuine');
    const scan = await renderScanJpeg(genuine?.doc as never, { dpi: 300, seed: 11 });

    // Act
    const res = await verifyFile(scan, { sellerId: 'seller-scan' }, 'scan.jpg');

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.extracted).toMatchObject({ textSource: 'paddle' });
    expect(res.body.verdict).toBe('AUTHENTIC');
  }, 120_000);

  it('catches reuse of a genuine report for another product by another seller', async () => {
    // Prepare
    await verifyFile(pdfs.get('genuine') as Uint8Array, { sellerId: 'honest-seller', claimedProduct: '快速充电器' });

    // Act
    const reused = await verifyFile(pdfs.get('genuine') as Uint8Array, { sellerId: 'other-seller', claimedProduct: '儿童电动牙刷' });

    // Assess
    expect(reused.body.verdict).toBe('FRAUDULENT');
    const reuse = (reused.body.checks as Json[]).find((c) => c.name === 'reuse');
    expect(reuse).toMatchObject({ status: 'FAIL', code: 'DIFFERENT_PRODUCT' });
  });

  it('verifies typed-in fields without a file', async () => {
    // Prepare
    const res = await call('POST', '/verifications', {
      key: platform,
      json: { fields: { reportNumber: '2141558011', issuerName: 'Lumiere Gemological Laboratory', caratWeight: 1.2, issueDate: '2025-02-10' } },
    });
    // Act & Assess
    expect([res.status, res.body.verdict]).toStrictEqual([200, 'FRAUDULENT']);
    expect((res.body.extracted as Json).textSource).toBe('fields');
  });

  it('answers every bad input with a 4xx problem and keeps serving', async () => {
    // Prepare
    const pdf = pdfs.get('genuine') as Uint8Array;
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(512, 1)]);
    const cases = [
      await verifyFile(exe, {}, 'photo.png'),
      await verifyFile(Buffer.from('just some text pretending to be a pdf'), {}, 'report.pdf'),
      await verifyFile(Buffer.alloc(0), {}, 'empty.pdf').catch(() => ({ status: 0, type: '', body: {} as Json })),
      await verifyFile(pdf.subarray(0, Math.floor(pdf.length / 2))),
      await call('POST', '/verifications', { key: platform, json: { document: { contentBase64: '***' } } }),
      await call('POST', '/verifications', { key: platform, body: '--x\r\nbroken', headers: { 'content-type': 'multipart/form-data; boundary=x' } }),
      await call('POST', '/verifications', { key: platform, body: 'not json', headers: { 'content-type': 'application/json' } }),
      await call('POST', '/verifications', { key: platform, body: Buffer.alloc(7 * 1024 * 1024, 65), headers: { 'content-type': 'application/json' } }),
      await call('POST', '/verifications', { key: investigator.replace(/.$/, 'x'), json: { fields: { reportNumber: 'X' } } }),
    ];

    // Act & Assess
    expect(cases.map((c) => [c.status, c.type, c.body.code])).toStrictEqual([
      [415, 'application/problem+json', 'DISGUISED_FILE'],
      [415, 'application/problem+json', expect.stringMatching(/UNSUPPORTED_MEDIA_TYPE|DISGUISED_FILE/)],
      [422, 'application/problem+json', 'VALIDATION_FAILED'],
      [422, 'application/problem+json', 'TRUNCATED_DOCUMENT'],
      [422, 'application/problem+json', 'VALIDATION_FAILED'],
      [400, 'application/problem+json', 'MALFORMED_REQUEST'],
      [400, 'application/problem+json', 'MALFORMED_REQUEST'],
      [413, 'application/problem+json', 'USE_UPLOADS_FOR_LARGE_FILES'],
      [401, 'application/problem+json', 'UNAUTHENTICATED'],
    ]);
    expect((await call('GET', '/health')).status).toBe(200);
  });

  it('returns the same response to a retried Idempotency-Key and refuses the key on another body', async () => {
    // Prepare
    const body = { fields: { reportNumber: 'MJ2025-000127', productName: '快速充电器' }, sellerId: 'idem' };
    const headers = { 'idempotency-key': 'order-12345-upload-1' };

    // Act
    const first = await call('POST', '/verifications', { key: platform, json: body, headers });
    const retry = await call('POST', '/verifications', { key: platform, json: body, headers });
    const other = await call('POST', '/verifications', { key: platform, json: { ...body, sellerId: 'idem-2' }, headers });

    // Assess
    expect(first.status).toBe(200);
    expect(retry.body.verificationId).toBe(first.body.verificationId);
    expect([other.status, other.body.code]).toStrictEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('verifies a large file through POST /uploads asynchronously', async () => {
    const upload = await call('POST', '/uploads', { key: platform, json: { sellerId: 'seller-upload', claimedProduct: '快速充电器' } });
    expect(upload.status).toBe(201);
    const { uploadUrl, verificationId } = upload.body as { uploadUrl: string; verificationId: string };

    const pending = await call('GET', `/verifications/${verificationId}`, { key: platform });
    const put = await fetch(uploadUrl, { method: 'PUT', body: pdfs.get('tampered') as Uint8Array });
    await server.settled();
    const done = await call('GET', `/verifications/${verificationId}`, { key: platform });

    expect(pending.body).toStrictEqual({ verificationId, status: 'PENDING', createdAt: expect.any(String) });
    expect(put.status).toBe(200);
    expect([done.body.verificationId, done.body.verdict, done.body.sellerId]).toStrictEqual([verificationId, 'FRAUDULENT', 'seller-upload']);
  });

  it('lets investigators search fraud history, and keeps verifications from other platforms', async () => {
    // Prepare
    const other = await call('POST', '/api-keys', { key: admin, json: { role: 'platform', platformId: 'other-market' } });
    const mine = await verifyFile(pdfs.get('fake-number') as Uint8Array, { sellerId: 'seller-hist' });
    const id = mine.body.verificationId as string;

    const byVerdict = await call('GET', '/verifications?verdict=FRAUDULENT&sellerId=seller-hist', { key: investigator });
    const history = await call('GET', '/reports/MJ2023-999999/verifications', { key: investigator });
    const foreign = await call('GET', `/verifications/${id}`, { key: other.body.apiKey as string });
    const asPlatform = await call('GET', '/verifications?verdict=FRAUDULENT', { key: platform });

    // Act & Assess
    expect((byVerdict.body.items as Json[]).map((v) => v.verificationId)).toStrictEqual([id]);
    expect((history.body.items as Json[]).some((p) => p.verificationId === id && p.sellerId === 'seller-hist' && p.verdict === 'FRAUDULENT')).toBe(true);
    expect([foreign.status, foreign.body.code]).toStrictEqual([403, 'FORBIDDEN']);
    expect(asPlatform.status).toBe(403);
  });
});

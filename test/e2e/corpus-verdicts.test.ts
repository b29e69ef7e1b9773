/**
 * Labelled corpus documents through the API of the local runtime (real PDF parsing,
 * real OCR in the document sandbox): the issuers and the genuine reports are registered
 * first, then each document is verified and its verdict must be in its allowed set — no
 * genuine document FRAUDULENT, no forgery AUTHENTIC (labelled-corpus.ts).
 *
 * - every labelled document as a text PDF;
 * - scans, photos, faxes and image-only PDFs: a stratified sample in `npm test`
 *   (corpus-sample.ts: every degradation in both languages, every layout, forgeries
 *   included), the whole corpus in every degradation with CORPUS_E2E=all
 *   (`npm run e2e:corpus`), two at a time (the sandbox's two threads);
 * - text PDFs whose page an incremental update rewrote (REWRITTEN_IN_UPDATE).
 */
import { appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';
import { LABELLED_CORPUS } from '../../scripts/documents/corpus.ts';
import { rewritePageInUpdate } from '../../scripts/documents/incremental-update.ts';
import { renderTextPdf } from '../../scripts/documents/index.ts';
import type { LabelledDocument } from '../../scripts/documents/labelled-corpus.ts';
import { allDegraded, degradedFile, onlyDocuments, stratifiedSample, wholeCorpus, type DegradedCase } from './corpus-sample.ts';

type Json = Record<string, unknown>;
interface Outcome {
  status: number;
  verdict: string;
  problems: Json[];
  ms: number;
}

const all = wholeCorpus();
/** CORPUS_E2E_LOG=file: one line per verified document as it finishes (the whole corpus takes long). */
const log = (line: string) => {
  if (process.env.CORPUS_E2E_LOG) appendFileSync(process.env.CORPUS_E2E_LOG, `${line}\n`);
};
const degraded: DegradedCase[] = (all ? onlyDocuments(allDegraded(LABELLED_CORPUS)) : stratifiedSample(LABELLED_CORPUS))
  // Genuine documents first: a forgery presented earlier under the same number must not make the genuine one look reused.
  .sort((a, b) => Number(a.entry.role !== 'genuine') - Number(b.entry.role !== 'genuine'));

/**
 * One HTTP request on a connection of its own (no keep-alive): on a loaded machine a
 * pooled socket that the server closes as idle while the next document renders
 * resets the request (ECONNRESET).
 */
const send = (url: string, method: string, key: string, json?: unknown): Promise<{ status: number; body: Json }> =>
  new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
    const req = request(url, { method, agent: false, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as Json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });

const byId = (id: string): LabelledDocument => {
  const entry = LABELLED_CORPUS.find((e) => e.id === id);
  if (!entry) throw new Error(`no corpus document ${id}`);
  return entry;
};

describe('e2e: labelled corpus documents through the API', () => {
  let server: LocalServer;
  let dataDir: string;
  let platform: string;
  const outcomes = new Map<string, Outcome>();

  const call = (method: string, path: string, key: string, json?: unknown) => send(`${server.url}${path}`, method, key, json);

  const verify = async (name: string, bytes: Uint8Array, filename: string): Promise<Outcome> => {
    const started = performance.now();
    const res = await call('POST', '/verifications', platform, {
      document: { contentBase64: Buffer.from(bytes).toString('base64'), filename },
      sellerId: `seller-${name}`,
    });
    const checks = (res.body.checks as Json[] | undefined) ?? [];
    return {
      status: res.status,
      verdict: String(res.body.verdict ?? res.body.code),
      problems: checks.filter((c) => c.status !== 'PASS' && c.status !== 'SKIPPED'),
      ms: performance.now() - started,
    };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-e2e-corpus-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true, functionTimeoutMs: 180_000 });
    const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { platform: string; admin: string };
    platform = keys.platform;
    for (const e of LABELLED_CORPUS.filter((x) => x.role === 'genuine')) {
      const issuer = await call('PUT', `/issuers/${e.issuer.issuerId}`, keys.admin, e.issuer.input);
      const report = await call('POST', `/issuers/${e.issuer.issuerId}/reports`, keys.admin, e.registration);
      expect([issuer.status, report.status], `${e.id}: ${JSON.stringify([issuer.body, report.body])}`).toEqual([expect.any(Number), 201]);
    }
    // Text PDFs one after another (fast), then the degraded copies two at a time.
    const ordered = [...LABELLED_CORPUS].sort((a, b) => Number(a.role !== 'genuine') - Number(b.role !== 'genuine'));
    for (const entry of ordered) outcomes.set(entry.id, await verify(entry.id, await renderTextPdf(entry.doc), `${entry.id}.pdf`));
    const limit = pLimit(2);
    const started = performance.now();
    await Promise.all(
      degraded.map((c) =>
        limit(async () => {
          const file = await degradedFile(c);
          const o = await verify(`${c.entry.id}.${c.degradation}`, file.bytes, file.filename);
          outcomes.set(`${c.entry.id}.${c.degradation}`, o);
          const ok = o.status === 200 && c.entry.allowed.scan.includes(o.verdict as never);
          log(`${ok ? 'ok  ' : 'BAD '} ${c.entry.id}.${c.degradation} ${c.entry.role} ${o.status} ${o.verdict} ${o.ms.toFixed(0)} ms${ok ? '' : ` ${JSON.stringify(o.problems.map((p) => [p.name, p.code]))}`}`);
        }),
      ),
    );
    if (all) {
      const ms = [...outcomes.entries()].filter(([k]) => k.includes('.')).map(([, o]) => o.ms).sort((a, b) => a - b);
      console.log(`degraded: ${degraded.length} documents in ${((performance.now() - started) / 1000).toFixed(0)} s, median ${ms[Math.floor(ms.length / 2)]?.toFixed(0)} ms per document`);
    }
  }, all ? 4 * 3_600_000 : 600_000);

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const outcome = (key: string): Outcome => {
    const o = outcomes.get(key);
    if (!o) throw new Error(`${key} was not verified`);
    return o;
  };

  it.each(LABELLED_CORPUS.map((e) => [e.id, e.role, e.allowed.text.join('|'), e] as const))('text PDF %s (%s) → %s', (_id, _role, _allowed, entry) => {
    const o = outcome(entry.id);
    expect(o.status).toBe(200);
    expect(entry.allowed.text, `${entry.id}: ${o.verdict} ${JSON.stringify(o.problems)}`).toContain(o.verdict);
    if (entry.role === 'white-out') expect(o.problems.find((c) => c.name === 'pdf-forensics')).toMatchObject({ code: 'COVERED_TEXT' });
  });

  it.each(degraded.map((c) => [c.entry.id, c.degradation, c.entry.role, c.entry.allowed.scan.join('|'), c] as const))(
    '%s as %s (%s) → %s',
    (_id, _degradation, _role, _allowed, c) => {
      const o = outcome(`${c.entry.id}.${c.degradation}`);
      expect(o.status, JSON.stringify(o)).toBe(200);
      expect(c.entry.allowed.scan, `${c.entry.id}.${c.degradation}: ${o.verdict} ${JSON.stringify(o.problems)}`).toContain(o.verdict);
    },
  );
});

describe('e2e: a page rewritten in an incremental update', () => {
  let server: LocalServer;
  let dataDir: string;
  let platform: string;
  const genuine = byId('en-inspection-table');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-e2e-rewritten-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true, functionTimeoutMs: 180_000 });
    const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { platform: string; admin: string };
    platform = keys.platform;
    await send(`${server.url}/issuers/${genuine.issuer.issuerId}`, 'PUT', keys.admin, genuine.issuer.input);
    const report = await send(`${server.url}/issuers/${genuine.issuer.issuerId}/reports`, 'POST', keys.admin, genuine.registration);
    expect(report.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const verifyRewritten = async (change: Partial<LabelledDocument['doc']['fields']>, seller: string) => {
    const original = await renderTextPdf(genuine.doc);
    const edited = await renderTextPdf({ ...genuine.doc, fields: { ...genuine.doc.fields, ...change } });
    const res = await send(`${server.url}/verifications`, 'POST', platform, {
      document: { contentBase64: Buffer.from(await rewritePageInUpdate(original, edited)).toString('base64'), filename: 'report.pdf' },
      sellerId: seller,
    });
    return res.body as Json & { checks: Json[]; extracted: { fields: Record<string, { value: unknown }> } };
  };

  it('reads the value the update printed, calls the changed registered value FRAUDULENT, with both values in the evidence', async () => {
    const body = await verifyRewritten({ manufacturer: 'Dongguan Fastline Electronics Co., Ltd.' }, 'seller-rewritten-forged');

    expect(body.extracted.fields.manufacturer?.value).toBe('Dongguan Fastline Electronics Co., Ltd.');
    expect(body.verdict).toBe('FRAUDULENT');
    expect(body.checks.find((c) => c.name === 'pdf-forensics')).toMatchObject({
      status: 'WARN',
      code: 'REWRITTEN_IN_UPDATE',
      evidence: { incrementalUpdates: 1, rewrittenText: [{ page: 1, before: 'Jinhua Merrytoys Manufacturing', after: 'Dongguan Fastline Electronics', box: expect.any(Object) }] },
    });
  });

  it('never calls a genuine report FRAUDULENT for a rewrite alone: a page that still prints every registered value is SUSPICIOUS', async () => {
    const body = await verifyRewritten({ extra: [{ label: 'Remarks', value: 'Corrected page' }] }, 'seller-rewritten-genuine');

    expect(body.verdict).toBe('SUSPICIOUS');
    expect(body.checks.find((c) => c.name === 'fields-match')).toMatchObject({ status: 'PASS' });
    expect(body.checks.find((c) => c.name === 'pdf-forensics')).toMatchObject({ code: 'REWRITTEN_IN_UPDATE', evidence: { rewrittenText: expect.arrayContaining([expect.objectContaining({ after: expect.stringContaining('Corrected page') })]) } });
  });
});

/**
 * Every labelled corpus document, as a text PDF, through the API of the local
 * runtime: its issuer and the genuine report are registered first, then each
 * document is verified and its verdict must be in its allowed set (no genuine
 * document FRAUDULENT, no forgery AUTHENTIC, see labelled-corpus.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';
import { LABELLED_CORPUS } from '../../scripts/documents/corpus.ts';
import { renderTextPdf } from '../../scripts/documents/index.ts';

type Json = Record<string, unknown>;

describe('e2e: every labelled corpus document through the API', () => {
  let server: LocalServer;
  let dataDir: string;
  let platform: string;
  let admin: string;

  const call = async (method: string, path: string, key: string, json?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-e2e-corpus-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true });
    ({ platform, admin } = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { platform: string; admin: string });
    for (const e of LABELLED_CORPUS.filter((x) => x.role === 'genuine')) {
      const issuer = await call('PUT', `/issuers/${e.issuer.issuerId}`, admin, e.issuer.input);
      const report = await call('POST', `/issuers/${e.issuer.issuerId}/reports`, admin, e.registration);
      expect([issuer.status, report.status], `${e.id}: ${JSON.stringify([issuer.body, report.body])}`).toEqual([expect.any(Number), 201]);
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // Genuine documents first: a forgery presented later under the same number must not make the genuine one look reused.
  const ordered = [...LABELLED_CORPUS].sort((a, b) => Number(a.role !== 'genuine') - Number(b.role !== 'genuine'));

  it.each(ordered.map((e) => [e.id, e.role, e.allowed.text.join('|'), e] as const))('%s (%s) → %s', async (_id, _role, _allowed, entry) => {
    // Prepare
    const pdf = await renderTextPdf(entry.doc);

    // Act
    const res = await call('POST', '/verifications', platform, {
      document: { contentBase64: Buffer.from(pdf).toString('base64'), filename: `${entry.id}.pdf` },
      sellerId: `seller-${entry.id}`,
    });

    // Assess
    expect(res.status).toBe(200);
    const problems = (res.body.checks as Json[]).filter((c) => c.status !== 'PASS' && c.status !== 'SKIPPED');
    expect(entry.allowed.text, `${entry.id}: ${String(res.body.verdict)} ${JSON.stringify(problems)}`).toContain(res.body.verdict);
    if (entry.role === 'white-out') {
      expect(problems.find((c) => c.name === 'pdf-forensics')).toMatchObject({ code: 'COVERED_TEXT' });
    }
  });
});

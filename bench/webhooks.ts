/**
 * npm run bench:webhooks: 1,000 AUTHENTIC verifications of one report
 * number, then PATCH … REVOKED, timed until a loopback receiver has
 * verified 1,000 signed verification.invalidated deliveries with the
 * `standardwebhooks` library. Local runtime (embedded engine, in memory,
 * change feed, in-process delivery queue), offline. Three runs, a new
 * number each; prints each run, the median, and the Queries the fan-out made
 * on the number's index (counted on the store's client).
 *
 * Target: ≤ 30 s per 1,000 deliveries; one Query per changed report plus pages.
 * Options: BENCH_VERIFICATIONS (default 1000), BENCH_RUNS (default 3).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '#local/server.ts';
import type { Verification } from '#shared/domain/verification.ts';
import { startReceiver } from '../test/support/webhook-receiver.ts';

const count = Number(process.env.BENCH_VERIFICATIONS ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const dataDir = await mkdtemp(join(tmpdir(), 'certverify-bench-webhooks-'));
const server = await startLocalServer({ port: 0, dataDir, inMemory: true });
const receiver = await startReceiver();
const { admin } = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { admin: string };

const call = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
};

const platformKey = (await call('POST', '/api-keys', admin, { role: 'platform', platformId: 'bench-platform' })).apiKey as string;
const hook = await call('POST', '/webhooks', platformKey, { url: receiver.url('/bench'), events: ['verification.invalidated'] });
receiver.endpoint('/bench', hook.secret as string);

let gsi6Queries = 0;
server.repos.table.doc.middlewareStack.add(
  (next, context) => (args) => {
    if (context.commandName === 'QueryCommand' && (args.input as { IndexName?: string }).IndexName === 'gsi6') gsi6Queries += 1;
    return next(args);
  },
  { step: 'initialize', name: 'benchCountQueries' },
);

const results: Array<{ ms: number; queries: number; verified: number }> = [];
for (let run = 0; run < runs; run++) {
  const reportNumber = `MJ2027-${String(run + 1).padStart(6, '0')}`;
  await call('POST', '/issuers/mingjian-testing/reports', admin, {
    reportNumber,
    documentType: 'INSPECTION_REPORT',
    productName: '快速充电器',
    issueDate: '2025-03-14',
  });
  // 1,000 past presentations, stored as the verification service stores them.
  for (let i = 0; i < count; i++) {
    const v: Verification = {
      verificationId: `v_bench${run}${String(i).padStart(10, '0')}`,
      verdict: 'AUTHENTIC',
      riskScore: 2,
      summary: { en: 'Genuine.', zh: '真实。' },
      checks: [],
      extracted: { fields: {}, textSource: 'fields' },
      issuerId: 'mingjian-testing',
      reportNumber,
      sellerId: `seller-${i % 50}`,
      listingId: `listing-${i}`,
      submittedBy: { keyId: 'bench', role: 'platform', platformId: 'bench-platform' },
      createdAt: new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString(),
    };
    await server.repos.verifications.put(v);
  }
  await server.webhooks.settled();
  const before = receiver.receipts.length;
  gsi6Queries = 0;
  const started = performance.now();
  await call('PATCH', `/issuers/mingjian-testing/reports/${reportNumber}`, admin, { status: 'REVOKED', reason: 'benchmark' });
  await receiver.waitFor((r) => r.length - before >= count, 120_000);
  const ms = performance.now() - started;
  const mine = receiver.receipts.slice(before);
  const firstAt = Math.min(...mine.map((r) => r.at));
  console.log(`  first delivery after ${(firstAt - (Date.now() - (performance.now() - started))).toFixed(0)} ms`);
  results.push({ ms, queries: gsi6Queries, verified: mine.filter((r) => r.verified && r.event?.type === 'verification.invalidated').length });
  console.log(`run ${run + 1}: ${count} verifications → ${mine.length} deliveries (${results.at(-1)?.verified} verified) in ${(ms / 1000).toFixed(2)} s; gsi6 Queries: ${gsi6Queries}`);
}

const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
console.log(`median: ${(median / 1000).toFixed(2)} s for ${count} signed deliveries (target ≤ 30 s)`);

await receiver.close();
await server.close();
await rm(dataDir, { recursive: true, force: true });

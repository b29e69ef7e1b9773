/**
 * npm run bench:passport: verifying a digital passport on the local runtime
 * (embedded engine, in memory), offline.
 *
 * (a) credential verification as POST /verifications does it before the
 *     checks (signature with the deployment's key, both status bits) plus the
 *     `credential` check, with the status lists cached: median and p99 over
 *     1000 runs after 100 warm-up runs, and the network and store calls made
 *     during the measured runs (target: median ≤ 20 ms, 0 calls);
 * (b) the same offline as `certverify verify-credential` does it, from a
 *     did.json and status list files: median;
 * (c) POST /verifications { credential } over HTTP end to end: median (it
 *     also reads the registry and stores the verification).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '#local/server.ts';
import { credential, credentialOnlyContext } from '#shared/checks/credential.ts';
import { runCheck } from '#shared/checks/run-checks.ts';
import { offlineResolvers } from '#shared/passport/offline-resolvers.ts';
import { verifyCredential } from '#shared/passport/verify.ts';
import { passportDepsOf } from '#shared/services/passport.ts';
import { credentialEvidence } from '#shared/services/passport-verification.ts';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const dataDir = await mkdtemp(join(tmpdir(), 'certverify-bench-passport-'));
const server = await startLocalServer({ port: 0, dataDir, inMemory: true });
const keys = server.demoKeys;
if (!keys) throw new Error('no demo keys');
const issuerKey = keys.issuers['mingjian-testing'] ?? '';
const res = await fetch(`${server.url}/issuers/mingjian-testing/reports`, {
  method: 'POST',
  headers: { authorization: `Bearer ${issuerKey}`, 'content-type': 'application/json' },
  body: JSON.stringify({ reportNumber: 'MJ2025-008001', documentType: 'INSPECTION_REPORT', productName: '电热水壶', model: 'KT-15', issueDate: '2025-04-01' }),
});
const { passport } = (await res.json()) as { passport: { url: string; credential: string } };


// Count store calls and network calls during the measured runs.
let storeCalls = 0;
server.repos.table.doc.middlewareStack.add((next) => (args) => (storeCalls++, next(args)), { step: 'initialize', name: 'benchPassportCount' });
const realFetch = globalThis.fetch;
let fetches = 0;
globalThis.fetch = ((...a: Parameters<typeof fetch>) => (fetches++, realFetch(...a))) as typeof fetch;

const measure = async (runs: number, warmup: number, once: () => Promise<void>) => {
  for (let i = 0; i < warmup; i++) await once();
  storeCalls = 0;
  fetches = 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), storeCalls, fetches };
};

const deps = await passportDepsOf({ repos: server.repos, passport: server.passport }, server.url);
const a = await measure(1000, 100, async () => {
  const r = runCheck(credential, credentialOnlyContext(await credentialEvidence(deps, { kind: 'credential', jws: passport.credential, source: 'credential' })));
  if (r.status !== 'PASS') throw new Error(`expected PASS, got ${r.code}`);
});
console.log(`(a) verify a passport, status lists cached: median ${ms(a.p50)}, p99 ${ms(a.p99)}; store calls ${a.storeCalls}, network calls ${a.fetches} (1000 runs)`);

const did = JSON.parse(await (await realFetch(`${server.url}/.well-known/did.json`)).text()) as never;
const lists = await Promise.all(['revocation-1', 'suspension-1'].map(async (id) => (await realFetch(`${server.url}/status-lists/${id}`)).text()));
const resolvers = offlineResolvers({ didDocuments: [did], statusLists: lists, offline: true });
const b = await measure(300, 30, async () => {
  const r = runCheck(credential, credentialOnlyContext(await verifyCredential(passport.credential, resolvers, 'credential')));
  if (r.status !== 'PASS') throw new Error(`expected PASS, got ${r.code}`);
});
console.log(`(b) offline from did.json + status list files (CLI path, lists re-verified each run): median ${ms(b.p50)}, p99 ${ms(b.p99)}; network calls ${b.fetches}`);

const c = await measure(100, 10, async () => {
  const r = await realFetch(`${server.url}/verifications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.platform}`, 'content-type': 'application/json' },
    body: JSON.stringify({ credential: passport.credential }),
  });
  const v = (await r.json()) as { verdict: string };
  if (v.verdict !== 'AUTHENTIC') throw new Error(`expected AUTHENTIC, got ${v.verdict}`);
});
console.log(`(c) POST /verifications { credential } end to end (registry read + stored result): median ${ms(c.p50)}, p99 ${ms(c.p99)}`);

globalThis.fetch = realFetch;
await server.close();
await rm(dataDir, { recursive: true, force: true });

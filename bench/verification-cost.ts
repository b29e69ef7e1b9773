/**
 * npm run bench:cost: the application's own CPU per fields-only verification
 * on the local runtime.
 *
 * What is counted is the CPU of every thread of this process — the HTTP
 * thread, the invocation threads (local/invocation-pool.ts), the libuv pool
 * and V8's helper threads — from Linux's per-thread accounting. The DynamoDB
 * stand-in (dynalite) runs in a child process (engine-process.js), as DynamoDB
 * is not in the app's process on AWS: neither its thread nor the garbage
 * collection V8's shared helper threads would do for it is counted. The load
 * generator (autocannon) runs in another child process. Work moved to another
 * thread of the app is still counted. Divided by the requests served, that is
 * the CPU one verification costs the app. Target: ≤ 3 ms.
 *
 * Also printed per run: the CPU of each thread per request, the DynamoDB
 * requests per verification by operation with their sizes (counted by the
 * engine), and the HTTP thread's event-loop utilisation × wall time ÷
 * requests.
 *
 * Options: --runs N (default 5, the median is reported), BENCH_SECONDS
 * (per run, default 8), BENCH_WARMUP (requests before the first run, default
 * 800), --connections N (default 8), --in-thread (every handler on the
 * HTTP thread, as LOCAL_ISOLATE=0; by default the server's own default: handlers
 * on invocation threads), --profile FILE (a V8 CPU profile of the HTTP thread
 * over the measured runs, and its busy time by part of the stack: the SDK,
 * the checks, garbage collection…, see profile-shares.ts; with --in-thread
 * the profiled thread runs the handlers).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startLocalServer } from '#local/server.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from '#shared/store/access-patterns.ts';
import { genuineFieldsBody } from './fields-request.ts';
import { profileShares, type CpuProfile } from './profile-shares.ts';

type AutocannonResult = { requests: { total: number; average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8' },
    'in-thread': { type: 'boolean', default: false },
    /** Write a V8 CPU profile of the HTTP thread over the measured runs (use with --in-thread to see the handlers). */
    profile: { type: 'string' },
  },
});
const runs = Number(values.runs);
const connections = Number(values.connections);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

/** A thread's CPU time (user + system, ms) from /proc; undefined off Linux. */
const threadCpuMs = (tid: number | undefined): number | undefined => {
  if (tid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
};
/** Every live thread's name and CPU (ms), by thread id, from /proc. */
const threadTable = (): Map<number, { name: string; ms: number }> => {
  const out = new Map<number, { name: string; ms: number }>();
  try {
    for (const tid of readdirSync('/proc/self/task').map(Number)) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        out.set(tid, { name, ms: threadCpuMs(tid) ?? 0 });
      } catch {
        // ended between the listing and the read
      }
    }
  } catch {
    // not Linux
  }
  return out;
};
/** Where the CPU of a run went, grouped by thread name ("engine" and "HTTP" by id), ms per request. */
const breakdown = (before: Map<number, { name: string; ms: number }>, after: Map<number, { name: string; ms: number }>, requests: number) => {
  const groups = new Map<string, number>();
  for (const [tid, t] of after) {
    const name = tid === process.pid ? 'HTTP' : `${t.name}#${tid}`;
    groups.set(name, (groups.get(name) ?? 0) + (t.ms - (before.get(tid)?.ms ?? 0)) / requests);
  }
  return [...groups].filter(([, ms]) => ms >= 0.005).sort((a, b) => b[1] - a[1]).map(([n, ms]) => `${n} ${ms.toFixed(2)}`).join(', ');
};
/** The whole process's CPU (every thread, including those that ended), ms. */
const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** An item's size as DynamoDB bills it: attribute names and values in UTF-8, numbers ~1 byte per 2 digits, 3 bytes per map or list. */
const itemBytes = (value: unknown): number => {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (Array.isArray(value)) return 3 + value.reduce<number>((n, v) => n + 1 + itemBytes(v), 0);
  return 3 + Object.entries(value as Record<string, unknown>).reduce((n, [k, v]) => n + Buffer.byteLength(k) + itemBytes(v), 0);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** autocannon in a child process. */
const load = fork(fileURLToPath(new URL('./load-process.js', import.meta.url)), [], { execArgv: [] });
const autocannon = (options: Record<string, unknown>) =>
  new Promise<AutocannonResult>((resolve, reject) => {
    load.once('message', (m: { result?: AutocannonResult; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
    load.send(options);
  });

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const dataDir = await mkdtemp(join(tmpdir(), 'certverify-cost-'));
// The engine runs in a child process (engine-process.js): none of its CPU is the app's.
const engineProcess = fork(fileURLToPath(new URL('./engine-process.js', import.meta.url)), [], { execArgv: [] });
const enginePort = await new Promise<number>((resolve) => engineProcess.once('message', (m: { port: number }) => resolve(m.port)));
const engine = { endpoint: `http://127.0.0.1:${enginePort}` };
/** DynamoDB requests served so far, by operation. */
type EngineStats = { calls: Record<string, number>; bytes: Record<string, { request: number; response: number }> };
const engineCalls = () =>
  new Promise<EngineStats>((resolve) => {
    engineProcess.once('message', (m: EngineStats) => resolve(m));
    engineProcess.send('calls');
  });
/** Per operation: requests per verification, and the request and response bytes of one. */
const callsBetween = (a: EngineStats, b: EngineStats, requests: number) =>
  Object.entries(b.calls)
    .map(([op, n]) => {
      const calls = n - (a.calls[op] ?? 0);
      const sent = (b.bytes[op]?.request ?? 0) - (a.bytes[op]?.request ?? 0);
      const received = (b.bytes[op]?.response ?? 0) - (a.bytes[op]?.response ?? 0);
      return [op, calls / requests, calls > 0 ? sent / calls : 0, calls > 0 ? received / calls : 0] as const;
    })
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1]);
const server = await startLocalServer({ port: 0, dataDir, inMemory: true, dynamoEndpoint: engine.endpoint, ...(values['in-thread'] ? { isolate: false } : {}) });
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const keys = server.demoKeys;
if (!keys) throw new Error('no demo keys');
const body = genuineFieldsBody('bench-seller');
const options = {
  url: `${server.url}/verifications`,
  method: 'POST',
  headers: { authorization: `Bearer ${keys.platform}`, 'content-type': 'application/json' },
  body,
  connections,
};
// Warm-up: JIT, the reference-data cache, the engine's first pages. By count, not time: on a loaded
// machine two seconds are a few dozen requests, and the first measured run would still be compiling.
await autocannon({ ...options, amount: Number(process.env.BENCH_WARMUP ?? 800) });

const profiler = values.profile ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const rows: Array<{ appCpuMs: number; httpThreadCpuMs?: number; dynamoRequests?: number; eluMs: number; elu: number; requestsPerSecond: number; p50: number; p99: number }> = [];
for (let i = 0; i < runs; i++) {
  const start = performance.eventLoopUtilization();
  const t0 = performance.now();
  const process0 = processCpuMs();
  const calls0 = await engineCalls();
  const http0 = threadCpuMs(process.pid);
  const threads0 = threadTable();
  const r = await autocannon({ ...options, duration: seconds });
  const wall = performance.now() - t0;
  const elu = performance.eventLoopUtilization(start);
  const app = processCpuMs() - process0;
  const calls = callsBetween(calls0, await engineCalls(), r.requests.total);
  const http1 = threadCpuMs(process.pid);
  const threads1 = threadTable();
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`run ${i}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const row: (typeof rows)[number] = {
    appCpuMs: app / r.requests.total,
    ...(http0 !== undefined && http1 !== undefined ? { httpThreadCpuMs: (http1 - http0) / r.requests.total } : {}),
    eluMs: elu.active / r.requests.total,
    elu: elu.utilization,
    requestsPerSecond: (r.requests.total * 1000) / wall,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
  rows.push(row);
  console.log(
    `run ${i + 1}: ${row.appCpuMs.toFixed(2)} ms app CPU per verification (every thread but the engine's); HTTP thread ${row.httpThreadCpuMs?.toFixed(2) ?? '?'} ms by its CPU clock, ${row.eluMs.toFixed(2)} ms by ELU × wall (ELU ${(row.elu * 100).toFixed(0)} %); ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms`,
  );
  console.log(`  per thread, ms per request: ${breakdown(threads0, threads1, r.requests.total)}`);
  console.log(`  DynamoDB requests per verification: ${calls.reduce((n, [, c]) => n + c, 0).toFixed(2)} (${calls.map(([op, c, sent, received]) => `${op} ${c.toFixed(2)} of ${(sent / 1024).toFixed(1)} KB → ${(received / 1024).toFixed(1)} KB`).join(', ')})`);
  row.dynamoRequests = calls.reduce((n, [, c]) => n + c, 0);
}
if (profiler && values.profile) {
  const { profile } = await profiler.post('Profiler.stop');
  await writeFile(values.profile, JSON.stringify(profile));
  profiler.disconnect();
  // The profiler's own overhead inflates every part alike: the shares, times the HTTP thread's CPU clock, are what to read.
  const perRequest = median(rows.map((r) => r.httpThreadCpuMs ?? NaN));
  console.log(`HTTP thread's busy time by part of the stack (profile: ${values.profile}), and ms per verification at its ${perRequest.toFixed(2)} ms:`);
  for (const { part, share } of profileShares(profile as CpuProfile).filter((s) => s.share >= 0.005)) {
    console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${(share * perRequest).toFixed(2)} ms  ${part}`);
  }
}
// The stored item of one verification of the benchmark body, and what its gsi6 history line projects.
const sample = (await (await fetch(options.url, { method: 'POST', headers: options.headers, body })).json()) as { verificationId: string };
const { Item: stored } = await server.repos.table.doc.send(new GetCommand({ TableName: server.repos.table.name, Key: Keys.verification(sample.verificationId) }));
const storedItemBytes = itemBytes(stored) - 3;
const summary = {
  storedItemBytes,
  appCpuMsPerVerification: median(rows.map((r) => r.appCpuMs)),
  httpThreadCpuMsPerVerification: median(rows.map((r) => r.httpThreadCpuMs ?? NaN)),
  eluMsPerVerification: median(rows.map((r) => r.eluMs)),
  dynamoRequestsPerVerification: median(rows.map((r) => r.dynamoRequests ?? NaN)),
  requestsPerSecond: median(rows.map((r) => r.requestsPerSecond)),
  p99: median(rows.map((r) => r.p99)),
  runs,
  connections,
  seconds,
  inThread: values['in-thread'] || process.env.LOCAL_ISOLATE === '0',
  loadAverageAtEnd: loadavg()[0],
};
console.log(
  `median: ${summary.appCpuMsPerVerification.toFixed(2)} ms app CPU per verification (target ≤ 3); HTTP thread ${summary.httpThreadCpuMsPerVerification.toFixed(2)} ms by its CPU clock, ${summary.eluMsPerVerification.toFixed(2)} ms by ELU × wall; ${summary.requestsPerSecond.toFixed(0)} req/s`,
);
console.log(`stored verification item: ${(storedItemBytes / 1024).toFixed(1)} KB (${Math.ceil(storedItemBytes / 1024)} WRU per write to the table and to each index projecting ALL)`);
console.log(JSON.stringify(summary));
await server.close();
engineProcess.send('stop');
load.kill();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);

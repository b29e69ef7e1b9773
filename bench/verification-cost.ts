/**
 * npm run bench:cost: the application's own CPU per fields-only verification
 * on the local runtime.
 *
 * What is counted is the CPU of every thread of this process — the HTTP
 * thread, the invocation threads (local/invocation-pool.ts), the libuv pool
 * and V8's helper threads — from Linux's per-thread accounting, minus the
 * embedded engine's own thread (dynalite stands in for DynamoDB, which is not
 * the app's CPU on AWS). The load generator (autocannon) runs in a child
 * process, so none of its CPU is counted either. Work moved to another thread
 * of the app is still counted. Divided by the requests served, that is the CPU
 * one verification costs the app. Target: ≤ 3 ms.
 *
 * Also printed: the HTTP thread's event-loop utilisation × wall time ÷
 * requests (it grows when a loaded machine takes the core away; it misses
 * work on other threads), and the HTTP thread's own CPU clock.
 *
 * Options: --runs N (default 5, the median is reported), BENCH_SECONDS
 * (per run, default 8), BENCH_WARMUP (requests before the first run, default
 * 800), --connections N (default 8), --in-thread (every handler on the
 * HTTP thread, as LOCAL_ISOLATE=0; by default the server's own default: handlers
 * on invocation threads).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startEmbeddedDynamo } from '#local/embedded-dynamodb.ts';
import { startLocalServer } from '#local/server.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from '#shared/store/access-patterns.ts';
import { genuineFieldsBody } from './fields-request.ts';

type AutocannonResult = { requests: { total: number; average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' }, 'in-thread': { type: 'boolean', default: false } },
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
// The bench starts the engine itself to know its thread; the server uses it as an endpoint.
const engine = await startEmbeddedDynamo();
if (engine.osThreadId === undefined) console.warn('no per-thread accounting here: the engine\'s CPU is counted as the app\'s');
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

const rows: Array<{ appCpuMs: number; httpThreadCpuMs?: number; eluMs: number; elu: number; requestsPerSecond: number; p50: number; p99: number }> = [];
for (let i = 0; i < runs; i++) {
  const start = performance.eventLoopUtilization();
  const t0 = performance.now();
  const process0 = processCpuMs();
  const engine0 = threadCpuMs(engine.osThreadId) ?? 0;
  const http0 = threadCpuMs(process.pid);
  const r = await autocannon({ ...options, duration: seconds });
  const wall = performance.now() - t0;
  const elu = performance.eventLoopUtilization(start);
  const app = processCpuMs() - process0 - ((threadCpuMs(engine.osThreadId) ?? 0) - engine0);
  const http1 = threadCpuMs(process.pid);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`run ${i}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const row = {
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
await engine.stop();
load.kill();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);

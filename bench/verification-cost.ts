/**
 * npm run bench:cost: the application's own main-thread CPU per fields-only
 * verification on the local runtime.
 *
 * The embedded engine runs on its own worker thread and the load generator
 * (autocannon) on another, so the main thread's event loop runs only the
 * application: the HTTP adapter, the middy chain, auth, validation, the
 * pipeline and the store's marshalling. Its active time — event-loop
 * utilisation × wall time — divided by the requests served is the CPU one
 * verification costs the app. Target: ≤ 3 ms.
 *
 * Options: --runs N (default 5, the median is reported), BENCH_SECONDS
 * (per run, default 8), --connections N (default 8).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startLocalServer } from '#local/server.ts';
import { genuineFieldsBody } from './fields-request.ts';

type AutocannonResult = { requests: { total: number; average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<AutocannonResult>;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' } } });
const runs = Number(values.runs);
const connections = Number(values.connections);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
/**
 * The main thread's own CPU time (user + system), from Linux's per-thread
 * accounting: unlike event-loop utilisation, it does not grow when other
 * processes on a loaded machine take the core away. undefined elsewhere.
 */
const mainThreadCpuMs = (): number | undefined => {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const dataDir = await mkdtemp(join(tmpdir(), 'certverify-cost-'));
const server = await startLocalServer({ port: 0, dataDir, inMemory: true });
const keys = server.demoKeys;
if (!keys) throw new Error('no demo keys');
const body = genuineFieldsBody('bench-seller');
const options = {
  url: `${server.url}/verifications`,
  method: 'POST',
  headers: { authorization: `Bearer ${keys.platform}`, 'content-type': 'application/json' },
  body,
  connections,
  workers: 1,
};
// Warm-up: JIT, the reference-data cache, the engine's first pages.
await autocannon({ ...options, duration: 2 });

const rows: Array<{ cpuMsPerVerification: number; threadCpuMs?: number; elu: number; requestsPerSecond: number; p50: number; p99: number }> = [];
for (let i = 0; i < runs; i++) {
  const start = performance.eventLoopUtilization();
  const t0 = performance.now();
  const cpu0 = mainThreadCpuMs();
  const r = await autocannon({ ...options, duration: seconds });
  const wall = performance.now() - t0;
  const elu = performance.eventLoopUtilization(start);
  const cpu1 = mainThreadCpuMs();
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`run ${i}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const row = {
    cpuMsPerVerification: elu.active / r.requests.total,
    ...(cpu0 !== undefined && cpu1 !== undefined ? { threadCpuMs: (cpu1 - cpu0) / r.requests.total } : {}),
    elu: elu.utilization,
    requestsPerSecond: (r.requests.total * 1000) / wall,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
  rows.push(row);
  console.log(
    `run ${i + 1}: ${row.cpuMsPerVerification.toFixed(2)} ms main-thread CPU per verification, ${row.threadCpuMs?.toFixed(2) ?? '?'} ms by the thread's CPU clock (ELU ${(row.elu * 100).toFixed(0)} %, ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms)`,
  );
}
const summary = {
  cpuMsPerVerification: median(rows.map((r) => r.cpuMsPerVerification)),
  threadCpuMsPerVerification: median(rows.map((r) => r.threadCpuMs ?? NaN)),
  requestsPerSecond: median(rows.map((r) => r.requestsPerSecond)),
  p99: median(rows.map((r) => r.p99)),
  runs,
  connections,
  seconds,
};
console.log(
  `median: ${summary.cpuMsPerVerification.toFixed(2)} ms per verification (ELU × wall ÷ requests; target ≤ 3), ${summary.threadCpuMsPerVerification.toFixed(2)} ms by the thread's CPU clock, ${summary.requestsPerSecond.toFixed(0)} req/s`,
);
console.log(JSON.stringify(summary));
await server.close();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);

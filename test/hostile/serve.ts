/**
 * The local runtime as its own process, for the hostile suite, isolated as
 * `npm start` is by default (handlers on invocation threads): in-memory
 * engine, demo data, the process guard, a free port. Prints one JSON line
 * `{ url, keys }` once it listens; its peak RSS is read from /proc by the suite.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { installProcessGuard } from '#local/process-guard.ts';
import { startLocalServer } from '#local/server.ts';

const guard = installProcessGuard((message, error) => console.error(`[guard] ${message}`, error));
const server = await startLocalServer({ port: 0, inMemory: true, dataDir: await mkdtemp(join(tmpdir(), 'certverify-hostile-')) });
console.log(JSON.stringify({ url: server.url, keys: server.demoKeys }));
// How late the HTTP thread's event loop ran (10 ms resolution), for the suite's summary.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
// Diagnostics: the HTTP thread's stalls over 40 ms and its GC pauses over 10 ms, with their times.
const stalls: Array<{ at: number; ms: number }> = [];
const pauses: Array<{ at: number; ms: number; kind: number }> = [];
let tick = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - tick > 50) stalls.push({ at: performance.timeOrigin + tick, ms: now - tick - 10 });
  tick = now;
}, 10).unref();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.duration > 10) pauses.push({ at: performance.timeOrigin + e.startTime, ms: e.duration, kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0 });
}).observe({ entryTypes: ['gc'] });

process.on('SIGTERM', () => {
  console.error(`[guard] caught ${guard.caught}`);
  void server.close().finally(() => process.exit(0));
});

// Fault injection for the guard's proof: escape every handler on request.
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ eventLoopDelayMaxMs: delay.max / 1e6, eventLoopDelayP99Ms: delay.percentile(99) / 1e6, stalls, pauses });
  if (message === 'escape') {
    setImmediate(() => {
      throw new Error('an error no handler caught');
    });
    void Promise.reject(new Error('a rejection nobody awaited'));
  }
});

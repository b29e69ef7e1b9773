import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { DemoKeys } from '#local/seed/seed.ts';

/** The server's HTTP thread as serve.ts saw it: event-loop delay, stalls over 40 ms and GC pauses over 10 ms (epoch ms). */
export interface LoopStats {
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  stalls: Array<{ at: number; ms: number }>;
  pauses: Array<{ at: number; ms: number; kind: number }>;
}

export interface HostileServer {
  url: string;
  port: number;
  keys: DemoKeys;
  child: ChildProcess;
  stderr: () => string;
  /** Peak resident set size of the server process so far (VmHWM), bytes. */
  peakRss: () => number;
  /** How late the server's HTTP thread's event loop ran, at worst and at p99 (ms). */
  eventLoopDelay: () => Promise<LoopStats>;
  stop: () => Promise<void>;
}

/** The local runtime in a child process (test/hostile/serve.ts), so that its memory is its own and a crash is visible. */
export const startHostileServer = (env: Record<string, string> = {}): Promise<HostileServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(process.env.HOSTILE_NODE_FLAGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', new URL('./serve.ts', import.meta.url).pathname], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`hostile server did not start: ${err.slice(-2000)}`)), 60_000);
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.length > 2_000_000) err = err.slice(-1_000_000);
    });
    child.once('exit', (code) => reject(new Error(`hostile server exited with ${code}: ${err.slice(-2000)}`)));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (!line) return;
      clearTimeout(timer);
      const { url, keys } = JSON.parse(line) as { url: string; keys: DemoKeys };
      resolve({
        url,
        port: Number(new URL(url).port),
        keys,
        child,
        stderr: () => err,
        peakRss: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          const kb = Number(/VmHWM:\s+(\d+)\s+kB/u.exec(status)?.[1] ?? 0);
          return kb * 1024;
        },
        eventLoopDelay: () =>
          new Promise((done) => {
            child.once('message', (m) => done(m as LoopStats));
            child.send('stats');
          }),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    });
  });

export interface Answer {
  status: number;
  ms: number;
  at: number;
  headers: Headers;
  body: unknown;
}

/** One request and how long it took; the body parsed when it is JSON. */
export const request = async (url: string, init: RequestInit = {}): Promise<Answer> => {
  const started = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, ms: performance.now() - started, at: started, headers: res.headers, body };
};

/** Probes GET /health every `everyMs` from a worker thread until stopped, and keeps every latency. */
export const healthProbe = (url: string, everyMs = 50) => {
  const latencies: number[] = [];
  const samples: Array<{ at: number; ms: number }> = [];
  const slow: Array<{ at: number; ms: number }> = [];
  const failures: string[] = [];
  const worker = new Worker(new URL('./health-probe-worker.js', import.meta.url), { workerData: { url, everyMs } });
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (m: 'stopped' | { at: number; ms: number; status: number; error?: string }) => {
      if (m === 'stopped') return resolve();
      latencies.push(m.ms);
      samples.push({ at: m.at - performance.timeOrigin, ms: m.ms });
      if (m.ms >= 100) slow.push({ at: m.at - performance.timeOrigin, ms: m.ms });
      if (m.status !== 200) failures.push(m.error ?? `status ${m.status}`);
    });
  });
  return {
    latencies,
    samples,
    slow,
    failures,
    stop: async () => {
      worker.postMessage('stop');
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 6000))]);
      await worker.terminate();
    },
  };
};

/** Raw bytes on a socket, for what fetch refuses to send (huge headers, a trickle). */
export const rawSocket = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });

export const rawExchange = async (port: number, bytes: Buffer | string, waitMs = 5_000): Promise<string> => {
  const s = await rawSocket(port);
  return new Promise((resolve) => {
    let data = '';
    s.on('data', (c: Buffer) => (data += c.toString('latin1')));
    s.on('close', () => resolve(data));
    s.on('error', () => resolve(data));
    setTimeout(() => {
      s.destroy();
      resolve(data);
    }, waitMs).unref();
    s.write(bytes);
  });
};

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * A bare HTTP server in its own process (`res.end('ok')`, nothing else): probed
 * beside the runtime, it shows what the machine alone costs a probe at the
 * same moments (scheduling on shared cores), so a slow /health can be told
 * apart from a blocked HTTP thread.
 */
export const startControlServer = (): Promise<{ url: string; stop: () => void }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', "const s=require('node:http').createServer((q,r)=>r.end('ok'));s.listen(0,'127.0.0.1',()=>console.log(s.address().port))"], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    child.stdout?.once('data', (c: Buffer) => resolve({ url: `http://127.0.0.1:${Number(c.toString().trim())}`, stop: () => child.kill('SIGKILL') }));
  });

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { problemResponse } from '#shared/http/problem.ts';
import type { LocalSecrets } from '#shared/runtime/local-secrets.ts';
import type { DeliveryJob } from '#shared/webhooks/stream.ts';
import { encodeResult, ownBytes, type EncodedResult } from './http-adapter.ts';

/**
 * The handlers of the local runtime, off the HTTP thread: a few worker
 * threads (LOCAL_INVOCATION_THREADS, default the cores), each like a Lambda
 * instance with its own client and caches, each taking many invocations at
 * once. The HTTP thread only reads requests, answers /health and passes
 * events along: the body's bytes are transferred (not copied) and turned into
 * the event's text or base64 on the thread, and the answer comes back as
 * bytes the same way, so no request body, flood or document delays /health.
 * The threads also verify local uploads, run batches, the webhook fan-out
 * (each of its own writes, through its own change feed) and deliveries; they
 * post their delivery jobs back to the HTTP thread's queue. A thread that dies, or stops
 * answering past an invocation's deadline, fails its in-flight invocations
 * with a 503 and is replaced.
 */
export interface InvocationThreadData {
  endpoint: string;
  tableName: string;
  secrets: LocalSecrets;
  /** Where the local upload URLs point (the HTTP thread's address). */
  uploadBaseUrl: string;
  documentsDir: string;
  /** The passport key file, created before the threads start, so that all of them sign with one key. */
  passportKeyFile: string;
  /** The local webhook secret box's key. */
  webhookKey: Uint8Array;
  webhookRetryScale: number;
  batchConcurrency?: number;
}

export interface InvocationPoolOptions extends InvocationThreadData {
  threads?: number;
  /** Webhook delivery jobs a thread queued: for the local delivery queue. */
  onDeliveries: (jobs: Array<{ job: DeliveryJob; delayMs: number }>) => void;
}

/** From the HTTP thread to an invocation thread. */
export type ToThread =
  | { type: 'http'; id: number; handler: string; event: APIGatewayProxyEventV2; body: Uint8Array; timeoutMs: number }
  | { type: 'call'; id: number; handler: string; event: unknown; timeoutMs: number }
  | { type: 'upload'; id: number; verificationId: string; body: Uint8Array }
  | { type: 'settle'; id: number };

/** From an invocation thread to the HTTP thread. */
export type FromThread =
  | { type: 'ready' }
  | { type: 'done'; id: number; result?: unknown; error?: string }
  | { type: 'deliveries'; jobs: Array<{ job: DeliveryJob; delayMs: number }> };

interface Pending {
  done: (m: { result?: unknown; error?: string }) => void;
  timer?: NodeJS.Timeout;
}

interface Thread {
  worker: Worker;
  inFlight: Map<number, Pending>;
  ready: Promise<void>;
}

const unavailable = (): EncodedResult =>
  encodeResult(
    problemResponse(
      { status: 503, title: 'Service unavailable', detail: 'The invocation thread stopped; retry.', code: 'DEPENDENCY_UNAVAILABLE' },
      { 'retry-after': '1' },
    ),
  );

/** How long past its own deadline an invocation may go unanswered before its thread is taken for wedged and replaced. */
const GRACE_MS = 5_000;

export class InvocationPool {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;

  constructor(private readonly options: InvocationPoolOptions) {
    const fromEnv = Number(process.env.LOCAL_INVOCATION_THREADS);
    this.size = options.threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(1, availableParallelism()));
    for (let i = 0; i < this.size; i++) this.threads.push(this.spawn());
  }

  /** Resolves once every thread has loaded its runtime. */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.ready));
  }

  /** An HTTP invocation: the event without its body, and the body's bytes, transferred. */
  async http(handler: string, event: APIGatewayProxyEventV2, body: Uint8Array, timeoutMs = 30_000): Promise<EncodedResult> {
    const bytes = ownBytes(body);
    const m = await this.send(this.leastBusy(), (id) => ({ type: 'http', id, handler, event, body: bytes, timeoutMs }), [bytes.buffer as ArrayBuffer], timeoutMs);
    return m.error !== undefined || !m.result ? unavailable() : (m.result as EncodedResult);
  }

  /** Any other function (the webhook fan-out and delivery): its event in, its result out, or its error thrown. */
  async call(handler: string, event: unknown, timeoutMs = 60_000): Promise<unknown> {
    const m = await this.send(this.leastBusy(), (id) => ({ type: 'call', id, handler, event, timeoutMs }), [], timeoutMs);
    if (m.error !== undefined) throw new Error(`${handler}: ${m.error}`);
    return m.result;
  }

  /** The ObjectCreated event of a local upload: the file is verified in the background on a thread. */
  upload(verificationId: string, body: Uint8Array): void {
    const bytes = ownBytes(body);
    void this.send(this.leastBusy(), (id) => ({ type: 'upload', id, verificationId, body: bytes }), [bytes.buffer as ArrayBuffer]);
  }

  /** Resolves when every thread's background work (uploads, batches) has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.threads.map((t) => this.send(t, (id) => ({ type: 'settle', id }), [])));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private leastBusy(): Thread {
    return this.threads.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
  }

  private send(thread: Thread, message: (id: number) => ToThread, transfer: ArrayBuffer[], timeoutMs?: number): Promise<{ result?: unknown; error?: string }> {
    if (this.closed) return Promise.resolve({ error: 'closed' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const pending: Pending = { done: resolve };
      if (timeoutMs !== undefined) {
        pending.timer = setTimeout(() => {
          console.error(`local runtime: an invocation thread did not answer within ${timeoutMs + GRACE_MS} ms; replacing it`);
          void thread.worker.terminate();
        }, timeoutMs + GRACE_MS);
      }
      thread.inFlight.set(id, pending);
      thread.worker.postMessage(message(id), transfer);
    });
  }

  private spawn(): Thread {
    const { threads: _threads, onDeliveries, ...workerData } = this.options;
    const worker = new Worker(new URL('./invocation-thread.js', import.meta.url), {
      workerData,
      // Each thread reads documents in its own one-thread sandbox: as many sandbox threads as invocation threads.
      env: { ...process.env, SANDBOX_THREADS: process.env.SANDBOX_THREADS ?? '1' },
    });
    const inFlight = new Map<number, Pending>();
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((r) => (markReady = r));
    const thread: Thread = { worker, inFlight, ready };
    worker.on('message', (m: FromThread) => {
      if (m.type === 'ready') return markReady();
      if (m.type === 'deliveries') return onDeliveries(m.jobs);
      const pending = inFlight.get(m.id);
      if (!pending) return;
      clearTimeout(pending.timer);
      inFlight.delete(m.id);
      pending.done(m);
    });
    let gone = false;
    const died = (error: unknown) => {
      if (this.closed || gone) return;
      gone = true;
      console.error('local runtime: an invocation thread stopped; replacing it', error);
      for (const pending of inFlight.values()) {
        clearTimeout(pending.timer);
        pending.done({ error: 'the invocation thread stopped' });
      }
      inFlight.clear();
      markReady();
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1, this.spawn());
    };
    worker.on('error', died);
    worker.once('exit', (code) => died(new Error(`exit ${code}`)));
    return thread;
  }
}

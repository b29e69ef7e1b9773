import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemResponse } from '#shared/http/problem.ts';
import type { LocalSecrets } from '#shared/runtime/local-secrets.ts';

/**
 * The handlers of the local runtime, off the HTTP thread: a few worker
 * threads (LOCAL_INVOCATION_THREADS, default the cores), each like a Lambda
 * instance with its own client and caches, each taking many invocations at
 * once. The HTTP thread only reads requests, answers /health and passes
 * events along, so no request body, flood or document ever delays /health.
 * A thread that dies fails its in-flight invocations with a 503 and is
 * replaced.
 */
export interface InvocationPoolOptions {
  endpoint: string;
  tableName: string;
  secrets: LocalSecrets;
  /** Where the local upload URLs point (the HTTP thread's address). */
  uploadBaseUrl: string;
  threads?: number;
}

interface Thread {
  worker: Worker;
  inFlight: Map<number, (r: APIGatewayProxyStructuredResultV2) => void>;
  ready: Promise<void>;
}

const unavailable = (): APIGatewayProxyStructuredResultV2 =>
  problemResponse(
    { status: 503, title: 'Service unavailable', detail: 'The invocation thread stopped; retry.', code: 'DEPENDENCY_UNAVAILABLE' },
    { 'retry-after': '1' },
  );

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

  invoke(handler: string, event: APIGatewayProxyEventV2, timeoutMs = 30_000): Promise<APIGatewayProxyStructuredResultV2> {
    if (this.closed) return Promise.resolve(unavailable());
    const thread = this.threads.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      thread.inFlight.set(id, resolve);
      thread.worker.postMessage({ id, handler, event, timeoutMs });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private spawn(): Thread {
    const worker = new Worker(new URL('./invocation-thread.js', import.meta.url), {
      workerData: {
        endpoint: this.options.endpoint,
        tableName: this.options.tableName,
        secrets: this.options.secrets,
        uploadBaseUrl: this.options.uploadBaseUrl,
      },
      // Each thread reads documents in its own one-thread sandbox: as many sandbox threads as invocation threads.
      env: { ...process.env, SANDBOX_THREADS: process.env.SANDBOX_THREADS ?? '1' },
    });
    const inFlight = new Map<number, (r: APIGatewayProxyStructuredResultV2) => void>();
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((r) => (markReady = r));
    const thread: Thread = { worker, inFlight, ready };
    worker.on('message', (m: { ready?: boolean; id?: number; result?: APIGatewayProxyStructuredResultV2 }) => {
      if (m.ready) return markReady();
      if (m.id === undefined || !m.result) return;
      inFlight.get(m.id)?.(m.result);
      inFlight.delete(m.id);
    });
    const died = (error: unknown) => {
      if (this.closed) return;
      console.error('local runtime: an invocation thread stopped; replacing it', error);
      for (const resolve of inFlight.values()) resolve(unavailable());
      inFlight.clear();
      markReady();
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1, this.spawn());
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`exit ${code}`)));
    return thread;
  }
}

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Errors from '#shared/domain/errors.ts';
import { DocumentProcessingTimeoutError, DocumentTooComplexError, DomainError } from '#shared/domain/errors.ts';

/**
 * Where hostile documents are read: a pool of worker threads, each with a V8
 * heap budget (`resourceLimits`), and a job deadline that terminates the
 * thread running it. A file that loops, recurses or allocates without bound
 * takes one sandbox thread down, never the process: the HTTP server, /health
 * and the other requests keep their event loop.
 *
 * Generic: a job names a module and one of its exports, and passes
 * structured-clone arguments (document bytes, plain options). The pool is
 * bounded to the cores (SANDBOX_THREADS, default min(2, cores)), so any
 * caller (a verification, a batch worker) can drive it and jobs queue.
 */
export interface SandboxOptions {
  /** Threads (default SANDBOX_THREADS, else min(2, cores)). */
  threads?: number;
  /** V8 old-generation budget per thread, MB (default SANDBOX_HEAP_MB, else 512). */
  heapMb?: number;
}

export interface SandboxJob {
  /** A module URL (file:// href) and the export to call. */
  module: string;
  export: string;
  args: unknown[];
  /** From submission: queueing counts against it. */
  timeoutMs: number;
  /** Progress events the export reports through an `onProgress` option (args[1]). */
  onProgress?: (event: unknown) => void;
}

interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
  dependency?: string;
  stack?: string;
}

type Reply = { id: number; result?: unknown; error?: SerializedError; progress?: unknown };

interface Pending {
  id: number;
  job: SandboxJob;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
  thread?: Thread;
  done?: boolean;
}

interface Thread {
  worker: Worker;
  busy?: Pending;
  dead: boolean;
}

const positive = (raw: string | undefined): number | undefined => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** A domain error from the worker becomes the same class here (the classes of shared/domain/errors.ts). */
export const reviveError = (e: SerializedError): Error => {
  const cls = (Errors as Record<string, unknown>)[e.name];
  let error: Error;
  if (e.name === 'DependencyUnavailableError') {
    error = new Errors.DependencyUnavailableError((e.dependency ?? 'ocr') as 'ocr', e.message);
  } else if (typeof cls === 'function' && cls.prototype instanceof DomainError && e.name !== 'ValidationFailedError') {
    error = new (cls as new (m: string, o?: { details?: Record<string, unknown> }) => Error)(e.message, e.details ? { details: e.details } : {});
  } else {
    error = new Error(e.message);
    error.name = e.name;
  }
  if (e.stack) error.stack = e.stack;
  return error;
};

export class DocumentSandbox {
  readonly threads: number;
  readonly heapMb: number;
  private readonly pool: Thread[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: SandboxOptions = {}) {
    this.threads = options.threads ?? positive(process.env.SANDBOX_THREADS) ?? Math.max(1, Math.min(2, availableParallelism()));
    this.heapMb = options.heapMb ?? positive(process.env.SANDBOX_HEAP_MB) ?? 512;
  }

  run<T>(job: SandboxJob): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The document sandbox is closed.'));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      const pending: Pending = {
        id,
        job,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer: setTimeout(() => this.expire(pending), Math.max(1, job.timeoutMs)),
      };
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Jobs running and waiting, for health and tests. */
  stats() {
    return { threads: this.pool.length, busy: this.pool.filter((t) => t.busy).length, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.settle(p, new Error('The document sandbox closed.'));
    await Promise.all(this.pool.splice(0).map((t) => this.kill(t)));
  }

  private spawn(): Thread {
    const worker = new Worker(new URL('./sandbox-worker.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const thread: Thread = { worker, dead: false };
    worker.on('message', (reply: Reply) => {
      const p = thread.busy;
      if (!p || reply.id !== p.id) return;
      if (reply.progress !== undefined) {
        try {
          p.job.onProgress?.(reply.progress);
        } catch {
          // a progress listener never fails the job
        }
        return;
      }
      thread.busy = undefined;
      worker.unref();
      this.settle(p, reply.error ? reviveError(reply.error) : undefined, reply.result);
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => this.died(thread, error));
    worker.on('exit', (code) => this.died(thread, new Error(`sandbox thread exited with code ${code}`)));
    worker.unref();
    this.pool.push(thread);
    return thread;
  }

  private died(thread: Thread, error: Error & { code?: string }): void {
    if (thread.dead) return;
    thread.dead = true;
    this.pool.splice(this.pool.indexOf(thread), 1);
    const p = thread.busy;
    thread.busy = undefined;
    if (p) {
      const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/iu.test(error.message);
      this.settle(
        p,
        new DocumentTooComplexError(
          oom
            ? `The document needs more than the ${this.heapMb} MB we give one document.`
            : `Reading the document failed in its sandbox (${error.message.slice(0, 120)}).`,
          { details: { reason: oom ? 'memory' : 'crash', heapMb: this.heapMb } },
        ),
      );
    }
    this.dispatch();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = this.pool.find((t) => !t.busy && !t.dead);
      if (!thread) {
        if (this.pool.length >= this.threads || this.closed) return;
        thread = this.spawn();
      }
      const p = this.queue.shift() as Pending;
      thread.busy = p;
      p.thread = thread;
      thread.worker.ref();
      thread.worker.postMessage({ id: p.id, module: p.job.module, export: p.job.export, args: p.job.args, progress: p.job.onProgress !== undefined });
    }
  }

  private expire(p: Pending): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) this.queue.splice(queued, 1);
    const thread = p.thread;
    this.settle(p, new DocumentProcessingTimeoutError(`Reading the document took longer than ${p.job.timeoutMs} ms.`, { details: { timeoutMs: p.job.timeoutMs } }));
    if (thread && thread.busy === p) {
      // The only way to stop synchronous work: end the thread; a fresh one replaces it on demand.
      thread.busy = undefined;
      thread.dead = true;
      this.pool.splice(this.pool.indexOf(thread), 1);
      void this.kill(thread);
      this.dispatch();
    }
  }

  private settle(p: Pending, error: unknown, result?: unknown): void {
    if (p.done) return;
    p.done = true;
    clearTimeout(p.timer);
    if (error !== undefined) p.reject(error);
    else p.resolve(result);
  }

  private async kill(thread: Thread): Promise<void> {
    thread.dead = true;
    await thread.worker.terminate().catch(() => undefined);
  }
}

/**
 * DOCUMENT_SANDBOX=worker|inline. Default: worker threads, except in a bundled
 * Lambda (one request per instance, Lambda's own memory and time limits, the
 * bounds of pdf-complexity.ts), where the TypeScript entry cannot be loaded by a thread.
 */
export const sandboxEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => {
  const mode = env.DOCUMENT_SANDBOX;
  if (mode === 'inline') return false;
  if (mode === 'worker') return true;
  return env.AWS_LAMBDA_FUNCTION_NAME === undefined;
};

let shared: DocumentSandbox | undefined;

/** The process-wide sandbox (one pool per process, bounded to the cores). */
export const documentSandbox = (): DocumentSandbox => (shared ??= new DocumentSandbox());

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Reading } from '#shared/services/verify-document.ts';
import type { OcrEngineChoice } from '#shared/text/select-engine.ts';

/** A document the pool could not read: the error's name and stable code, as the thread reported them. */
export class PooledReadError extends Error {
  constructor(
    message: string,
    readonly errorName: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PooledReadError';
  }
}

type Reply = { type: 'ready' } | { type: 'stopped' } | { type: 'done'; id: number; reading: Reading } | { type: 'failed'; id: number; error: { name: string; message: string; code?: string } };

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

/**
 * Reads documents (PDF text layer, OCR) on worker threads, at most `size` at
 * once (default: the number of cores), one document per thread at a time,
 * so a batch of scans uses every core while the main thread runs the checks
 * and the store. Each thread keeps its own OCR worker between documents.
 */
export class DocumentPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<() => void> = [];
  private readonly pending = new Map<number, { resolve: (r: Reading) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(options: { size?: number; engine?: OcrEngineChoice } = {}) {
    const size = Math.max(1, options.size ?? availableParallelism());
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./document-reader-worker.js', import.meta.url), { workerData: { engine: options.engine } });
      const ready = new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (reply: Reply) => {
          if (reply.type === 'ready') resolve();
          else this.settle(reply);
        });
      });
      this.slots.push({ worker, ready, busy: false });
    }
  }

  private settle(reply: Reply): void {
    if (reply.type !== 'done' && reply.type !== 'failed') return;
    const waiter = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (!waiter) return;
    if (reply.type === 'done') waiter.resolve(reply.reading);
    else waiter.reject(new PooledReadError(reply.error.message, reply.error.name, reply.error.code));
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        await free.ready;
        return free;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Reads one document on a free thread; the bytes are transferred, not copied. */
  async read(bytes: Uint8Array, filename?: string): Promise<Reading> {
    const slot = await this.acquire();
    try {
      const id = this.nextId++;
      return await new Promise<Reading>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        const copy = bytes.slice();
        slot.worker.postMessage({ type: 'read', id, bytes: copy, filename }, [copy.buffer]);
      });
    } finally {
      slot.busy = false;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async ({ worker }) => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5000);
          worker.on('message', (reply: Reply) => {
            if (reply.type === 'stopped') {
              clearTimeout(timer);
              resolve();
            }
          });
          worker.postMessage({ type: 'stop' });
        });
        await worker.terminate();
      }),
    );
  }
}

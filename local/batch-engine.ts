import pLimit from 'p-limit';
import type { IndexedBatchItem } from '#shared/domain/verification-batch.ts';
import { chunksOf, runBatchChunk, type BatchEngine, type BatchRun, type ChunkDeps } from '#shared/services/verification-batches.ts';

/**
 * The local batch engine: one bounded pool for every batch of the process.
 * The chunks of a batch are queued in order on one limiter, so at most
 * `concurrency` items are in flight however many batches run; each chunk's
 * result is stored when its last item is done, exactly as a Step Functions
 * child stores it on AWS. A chunk whose result cannot be stored is run again
 * (its items keep their verification ids, so nothing is verified twice).
 * Batches live in this process: a restart abandons the running ones.
 */
export class LocalBatchEngine implements BatchEngine {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly jobs = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: ChunkDeps,
    private readonly options: { concurrency?: number; chunkAttempts?: number } = {},
  ) {
    this.limit = pLimit(options.concurrency ?? 16);
  }

  start(run: BatchRun, items: IndexedBatchItem[]): Promise<void> {
    for (const chunk of chunksOf(items)) {
      const job = this.runChunk(run, chunk).finally(() => this.jobs.delete(job));
      this.jobs.add(job);
    }
    return Promise.resolve();
  }

  private async runChunk(run: BatchRun, chunk: IndexedBatchItem[]): Promise<void> {
    const attempts = this.options.chunkAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await runBatchChunk(this.deps, run, chunk, { limit: this.limit, unfinished: attempt < attempts ? 'wait' : 'record' });
        return;
      } catch (e) {
        if (attempt >= attempts) {
          console.error(`batch ${run.batchId}: chunk at ${chunk[0]?.index ?? 0} failed`, e);
          return;
        }
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
  }

  /** Resolves when every chunk started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
  }
}

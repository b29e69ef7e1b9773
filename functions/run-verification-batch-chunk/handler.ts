import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { Principal } from '#shared/domain/api-key.ts';
import type { IndexedBatchItem } from '#shared/domain/verification-batch.ts';
import { batchItemError } from '#shared/http/batch-item-error.ts';
import { logger } from '#shared/http/logger.ts';
import { referenceData, repositories } from '#shared/services/container.ts';
import { CHUNK_MAX_ATTEMPTS, runBatchChunk } from '#shared/services/verification-batches.ts';

/** One Distributed Map child: the ItemBatcher's items, the batch (BatchInput) and $$.State.RetryCount. */
const ChunkEvent = z.object({
  items: z.array(z.object({ index: z.number().int().min(0) }).passthrough()).min(1),
  run: z.object({ batchId: z.string(), createdAt: z.string(), principal: Principal }),
  retryCount: z.number().int().min(0).default(0),
});

/**
 * A chunk of a verification batch, run by the state machine. A throttled
 * store (past the item's own retries) or an upload still being verified
 * throws, so that Step Functions retries the chunk with backoff; the last
 * attempt records those items as their error lines instead, so the batch
 * always finishes.
 */
export const handler = middy<unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const { items, run, retryCount } = ChunkEvent.parse(event);
    logger.appendKeys({ batchId: run.batchId, first: items[0]?.index, retryCount });
    const chunk = await runBatchChunk(
      {
        repos: repositories(),
        reference: referenceData(),
        describeError: batchItemError,
        onInternalError: (error, index) => logger.error('batch item failed', { index, error: error as Error }),
      },
      run,
      items as unknown as IndexedBatchItem[],
      { unfinished: retryCount + 1 >= CHUNK_MAX_ATTEMPTS ? 'record' : 'retry' },
    );
    logger.info('chunk done', { count: chunk.count, errors: chunk.errors });
    return { first: chunk.first, count: chunk.count, errors: chunk.errors };
  });

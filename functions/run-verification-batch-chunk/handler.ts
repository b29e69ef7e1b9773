import middy from '@middy/core';
import { z } from 'zod';
import { Principal } from '#shared/domain/api-key.ts';
import type { IndexedBatchItem } from '#shared/domain/verification-batch.ts';
import { batchItemError } from '#shared/http/batch-item-error.ts';
import type { EventDeps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { invocationLogger, loggerOf } from '#shared/runtime/logging.ts';
import { CHUNK_MAX_ATTEMPTS, runBatchChunk } from '#shared/services/verification-batches.ts';

/** One Distributed Map child: the ItemBatcher's items, the batch (BatchInput.run) and $$.State.RetryCount. */
export const ChunkEvent = z.object({
  items: z.array(z.object({ index: z.number().int().min(0) }).passthrough()).min(1),
  run: z.object({ batchId: z.string(), createdAt: z.string(), principal: Principal }),
  retryCount: z.number().int().min(0).default(0),
});

/**
 * A chunk of a verification batch, run by the state machine
 * (cdk/constructs/batches.ts). A store that stays throttled past the items'
 * own retries, or an upload still being verified, throws, so that Step
 * Functions retries the chunk with backoff; the last attempt records those
 * items as their error lines instead, so the batch always finishes.
 */
export const createHandler = (deps: EventDeps) =>
  middy<unknown>()
    .use(invocationLogger(deps.logger))
    .handler(async (event, context) => {
      const { items, run, retryCount } = ChunkEvent.parse(event);
      const logger = loggerOf(context);
      logger.appendKeys({ batchId: run.batchId, first: items[0]?.index, retryCount });
      const chunk = await runBatchChunk(
        { ...deps, describeError: batchItemError, onInternalError: (error, index) => logger.error('batch item failed', { index, error: error as Error }) },
        run,
        items as unknown as IndexedBatchItem[],
        { unfinished: retryCount + 1 >= CHUNK_MAX_ATTEMPTS ? 'record' : 'retry' },
      );
      logger.info('chunk done', { count: chunk.count, errors: chunk.errors });
      return { first: chunk.first, count: chunk.count, errors: chunk.errors };
    });

export const handler = lambdaHandler(createHandler);

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSEvent } from 'aws-lambda';
import { logger } from '#shared/http/logger.ts';
import { deliveryDeps } from '#shared/services/webhook-container.ts';
import { deliver } from '#shared/services/webhook-delivery.ts';
import { DeliveryRecord } from '#shared/webhooks/stream.ts';

/**
 * The delivery queue (SQS) → one signed POST per job. A job that throws (the
 * store or the queue is down) is reported as a batch item failure: SQS
 * redelivers it, then moves it to the dead-letter queue.
 */
export const handler = middy<SQSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const deps = deliveryDeps();
    const processor = new BatchProcessor(EventType.SQS, { parser, schema: DeliveryRecord, logger });
    return processPartialResponse(
      event,
      async (record: DeliveryRecord) => {
        const outcome = await deliver(deps, record.body);
        logger.info('webhook delivery', { deliveryId: record.body.deliveryId, attempt: record.body.attempt, outcome });
        return outcome;
      },
      processor,
      { context },
    );
  });

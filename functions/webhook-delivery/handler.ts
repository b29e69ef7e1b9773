import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import middy from '@middy/core';
import type { SQSEvent } from 'aws-lambda';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { invocationLogger, loggerOf } from '#shared/runtime/logging.ts';
import { deliver, DeliveryReader } from '#shared/services/webhook-delivery.ts';
import { DeliveryRecord } from '#shared/webhooks/stream.ts';

/**
 * The delivery queue (SQS) → one signed POST per job. A job that throws (the
 * store or the queue is down) is reported as a batch item failure: SQS
 * redelivers it, then moves it to the dead-letter queue.
 */
export const createHandler = (deps: Deps) =>
  middy<SQSEvent>()
    .use(invocationLogger(deps.logger))
    .handler(async (event, context) => {
      const logger = loggerOf(context);
      const processor = new BatchProcessor(EventType.SQS, { parser, schema: DeliveryRecord, logger });
      const reader = new DeliveryReader(deps.repos);
      return processPartialResponse(
        event,
        async (record: DeliveryRecord) => {
          const outcome = await deliver({ repos: deps.repos, ...deps.webhooks }, record.body, reader);
          logger.info('webhook delivery', { deliveryId: record.body.deliveryId, attempt: record.body.attempt, outcome });
          return outcome;
        },
        processor,
        { context },
      );
    });

export const handler = lambdaHandler(createHandler);

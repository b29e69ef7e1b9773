import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { invocationLogger, loggerOf } from '#shared/runtime/logging.ts';
import { Fanout } from '#shared/services/webhook-fanout.ts';
import { ChangeRecord } from '#shared/webhooks/stream.ts';

/**
 * DynamoDB Streams (filtered to verifications, reports and HIGH fraud
 * patterns) → webhook deliveries on the queue. Each record is validated
 * with the parser schema; a failed record is reported back
 * (ReportBatchItemFailures), so the stream retries from it. The record is
 * parsed here rather than by the batch processor's `parser` option, which
 * imports the parser module again (a dynamic import) for every record.
 */
export const createHandler = (deps: Deps) =>
  middy<DynamoDBStreamEvent>()
    .use(invocationLogger(deps.logger))
    .handler(async (event, context) => {
      const logger = loggerOf(context);
      const fanout = new Fanout({ repos: deps.repos, queue: deps.webhooks.queue });
      const processor = new BatchProcessor(EventType.DynamoDBStreams);
      const response = await processPartialResponse(event, (record: unknown) => fanout.handle(ChangeRecord.parse(record)), processor, { context });
      logger.info('fan-out', { records: event.Records.length, failed: response.batchItemFailures.length, ...fanout.stats });
      return response;
    });

export const handler = lambdaHandler(createHandler);

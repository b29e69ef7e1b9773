import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#shared/http/logger.ts';
import { fanoutDeps } from '#shared/services/webhook-container.ts';
import { Fanout } from '#shared/services/webhook-fanout.ts';
import { ChangeRecord } from '#shared/webhooks/stream.ts';

/**
 * DynamoDB Streams (filtered to verifications, reports and HIGH fraud
 * patterns) → webhook deliveries on the queue. Each record is validated
 * with the parser schema; a failed record is reported back
 * (ReportBatchItemFailures), so the stream retries from it.
 */
export const handler = middy<DynamoDBStreamEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const fanout = new Fanout(fanoutDeps());
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { parser, schema: ChangeRecord, logger });
    const response = await processPartialResponse(event, (record: ChangeRecord) => fanout.handle(record), processor, { context });
    logger.info('fan-out', { records: event.Records.length, failed: response.batchItemFailures.length, ...fanout.stats });
    return response;
  });

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { invocationLogger, loggerOf } from '#shared/runtime/logging.ts';
import { PagesAheadRecord, renderAheadOf } from '#shared/services/pages-ahead.ts';

/**
 * DynamoDB Streams (filtered to verifications bound for the review queue with
 * a PDF kept: shared/services/pages-ahead.ts) → the document's first pages
 * rendered and kept beside it, before a reviewer opens them, one record at
 * a time. A record whose store read fails is reported back
 * (ReportBatchItemFailures) and retried from; a document that cannot be
 * rendered is skipped and logged.
 */
export const createHandler = (deps: Deps) =>
  middy<DynamoDBStreamEvent>()
    .use(invocationLogger(deps.logger))
    .handler(async (event, context) => {
      const logger = loggerOf(context);
      let pages = 0;
      const processor = new BatchProcessor(EventType.DynamoDBStreams);
      const response = await processPartialResponse(
        event,
        async (raw: unknown) => {
          const record = PagesAheadRecord.parse(raw);
          const outcome = await renderAheadOf(deps, record);
          if ('skipped' in outcome) logger.warn('pages not rendered ahead', { verificationId: record.dynamodb.NewImage.verificationId, reason: outcome.skipped });
          else pages += outcome.rendered.length;
        },
        processor,
        // One document at a time: memory stays that of one open PDF and one page canvas, whatever the batch holds.
        { context, processInParallel: false },
      );
      logger.info('pages ahead', { records: event.Records.length, pages, failed: response.batchItemFailures.length });
      return response;
    });

export const handler = lambdaHandler(createHandler);

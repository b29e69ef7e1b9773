import middy from '@middy/core';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import type { S3Event } from 'aws-lambda';
import type { EventDeps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { invocationLogger, loggerOf } from '#shared/runtime/logging.ts';
import { verifyUploadedObject } from '#shared/services/verify-upload.ts';

/**
 * S3 ObjectCreated under UPLOADS_PREFIX → verify the upload for its PENDING
 * placeholder. The event is validated by Powertools' S3 schema (a malformed
 * event fails, and goes to the dead-letter queue). Errors other than a
 * refused file are thrown: Lambda retries the event, then dead-letters it.
 */
export const createHandler = (deps: EventDeps) =>
  middy<S3Event>()
    .use(invocationLogger(deps.logger))
    .use(parser({ schema: S3Schema }))
    .handler(async (event, context) => {
      for (const record of event.Records) {
        const { key } = record.s3.object;
        const outcome = await verifyUploadedObject(deps, record.s3.bucket.name, key);
        loggerOf(context).info('upload processed', { key, outcome });
      }
    });

export const handler = lambdaHandler(createHandler);

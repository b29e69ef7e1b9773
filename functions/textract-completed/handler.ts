import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { logger } from '#shared/http/logger.ts';
import { documentStore, referenceData, repositories } from '#shared/services/container.ts';
import { resumeAfterTextract, type TextractCompletion } from '#shared/services/verify-upload.ts';

const s3 = new S3Client({});

/**
 * Textract's completion notice (SNS) for a multi-page upload → store the
 * text by sha256 and finish the verification. Errors are thrown: Lambda
 * retries, then the event goes to the dead-letter queue.
 */
export const handler = middy<SNSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    for (const record of event.Records) {
      const completion = JSON.parse(record.Sns.Message) as TextractCompletion;
      const { S3Bucket: bucket, S3ObjectName: key } = completion.DocumentLocation;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await object.Body?.transformToByteArray();
      if (!bytes) throw new Error(`s3://${bucket}/${key} has no body`);
      const outcome = await resumeAfterTextract({ repos: repositories(), reference: referenceData(), documents: documentStore() }, completion, bytes);
      logger.info('textract job completed', { jobId: completion.JobId, status: completion.Status, outcome });
    }
  });

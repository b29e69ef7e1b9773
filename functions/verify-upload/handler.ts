import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { logger } from '#shared/http/logger.ts';
import { documentStore, referenceData, repositories } from '#shared/services/container.ts';
import { verificationIdOfKey } from '#shared/services/uploads.ts';
import { verifyUpload } from '#shared/services/verify-upload.ts';

const s3 = new S3Client({});

/**
 * S3 ObjectCreated under UPLOADS_PREFIX → verify the upload for its PENDING
 * placeholder. Errors other than a refused file are thrown: Lambda retries
 * the event, then sends it to the dead-letter queue.
 */
export const handler = middy<S3Event>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const verificationId = verificationIdOfKey(key);
      if (!verificationId) {
        logger.warn('object key is not an upload', { key });
        continue;
      }
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await object.Body?.transformToByteArray();
      if (!bytes) continue;
      const outcome = await verifyUpload({ repos: repositories(), reference: referenceData(), documents: documentStore() }, verificationId, bytes, { bucket, key });
      logger.info('upload processed', { verificationId, outcome });
    }
  });

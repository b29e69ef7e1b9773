import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Deps, EventDeps } from '#shared/runtime/deps.ts';
import { localUploadUrls } from '#shared/runtime/local-uploads.ts';
import { ReferenceDataCache } from '#shared/services/reference-data.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { unconfiguredWebhooks } from '#shared/runtime/webhooks.ts';

/**
 * The tests' composition root: the dependencies of a handler or service over
 * a suite's own repositories (test/support/store.ts, on a real engine), with
 * random secrets, no Textract unless a test passes one, and anything else a
 * test overrides. No global is swapped and no environment variable written.
 */
export const testDeps = (repos: Repositories, overrides: Partial<Deps> = {}): Deps => ({
  repos,
  reference: new ReferenceDataCache(repos, 0),
  logger: new Logger({ serviceName: 'certverify-test', logLevel: 'SILENT' }),
  ocr: {},
  uploadUrls: localUploadUrls('http://uploads.test', randomBytes(32).toString('base64url')),
  webhooks: unconfiguredWebhooks,
  ...overrides,
});

/** The same for the event functions, which also read S3. */
export const testEventDeps = (repos: Repositories, s3: S3Client, overrides: Partial<Deps> = {}): EventDeps => ({ ...testDeps(repos, overrides), s3 });

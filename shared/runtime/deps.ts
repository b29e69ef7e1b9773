/**
 * # Composition roots
 *
 * Everything a handler or service needs (clients, repositories, caches, the
 * logger, secrets) is built ONCE, by the composition root of its runtime, and
 * passed down as an explicit `deps` argument. No module builds a client or a
 * repository at import time, no code swaps a global, no code writes
 * `process.env`.
 *
 * | runtime       | root                              | builds                                              |
 * |---------------|-----------------------------------|-----------------------------------------------------|
 * | AWS Lambda    | shared/runtime/lambda.ts          | at the first invocation (cold start), from env + Secrets Manager |
 * | `npm start`   | shared/runtime/local.ts           | from the embedded engine and .data/secrets.json      |
 * | CLI           | shared/runtime/local.ts (store), shared/runtime/cli.ts (Textract) | per command        |
 * | tests         | test/support/runtime.ts           | per suite, with random secrets                        |
 *
 * Every root ends in `buildDeps()` below, so they cannot drift.
 *
 * ## How a handler is written
 *
 * ```ts
 * // functions/<name>/handler.ts
 * export const createHandler = (deps: Deps) =>
 *   route(deps, { access: ['admin'], body: Thing }).handle(async ({ body }) => ({ body: await doThing(deps, body) }));
 * export const handler = lambdaHandler(createHandler);   // the Lambda entry, built lazily from the Lambda root
 * ```
 *
 * The local server and the tests call `createHandler(theirDeps)`; Lambda calls
 * `handler`. Services take the part of `Deps` they use
 * (`(deps: Pick<Deps, 'repos'>, …)`), so a test can hand them exactly that.
 * Event handlers (S3, SNS, …) do the same with a parser schema/envelope
 * instead of `route()`; see functions/verify-upload/handler.ts.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { OcrDeps, TextractDeps } from '#shared/services/read-document.ts';
import { ReferenceDataCache } from '#shared/services/reference-data.ts';
import type { UploadUrls } from '#shared/services/uploads.ts';
import { createCursorCodec, unconfiguredCursorCodec } from '#shared/store/cursor.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';
import { DynamoTextResultCache } from '#shared/store/textract-result-cache.ts';
import type { OcrEngineChoice } from '#shared/text/select-engine.ts';
import { unconfiguredWebhooks, type WebhookRuntime } from './webhooks.ts';

export interface Deps {
  repos: Repositories;
  /** The issuer directory and text fraud patterns, cached per process. */
  reference: ReferenceDataCache;
  /** The process's base logger; each invocation logs through its own child (shared/runtime/logging.ts). */
  logger: Logger;
  /** How documents are read: Textract where it may run, else the local engines. */
  ocr: OcrDeps;
  /** Where POST /uploads tells the client to PUT the file. */
  uploadUrls: UploadUrls;
  /** Webhook secrets, delivery queue and target policy (shared/runtime/webhooks.ts). */
  webhooks: WebhookRuntime;
}

/** Event functions read the uploaded object from S3. */
export interface EventDeps extends Deps {
  s3: S3Client;
}

export interface DepsParts {
  dynamo: DynamoDBClient;
  tableName: string;
  /**
   * Signs pagination cursors. There is no default: without it (a function
   * with no table access) any use of a cursor throws.
   */
  cursorSecret: string | undefined;
  logger: Logger;
  /** Textract where it may run (its results are cached in the table); without it, the local engines. */
  textract?: Omit<TextractDeps, 'cache'>;
  engine?: OcrEngineChoice;
  uploadUrls: UploadUrls;
  /** Reference-data cache lifetime; default 30 s. */
  referenceTtlMs?: number;
  /** Webhooks; without it any use throws (shared/runtime/webhooks.ts). */
  webhooks?: WebhookRuntime;
}

export const buildDeps = (parts: DepsParts): Deps => {
  const cursors = parts.cursorSecret === undefined ? unconfiguredCursorCodec : createCursorCodec(parts.cursorSecret);
  const repos = createRepositories(parts.dynamo, parts.tableName, cursors);
  const cache = new DynamoTextResultCache(repos.table.doc, repos.table.name);
  return {
    repos,
    reference: new ReferenceDataCache(repos, parts.referenceTtlMs ?? 30_000),
    logger: parts.logger,
    ocr: {
      ...(parts.textract ? { textract: { ...parts.textract, cache } } : {}),
      ...(parts.engine ? { engine: parts.engine } : {}),
    },
    uploadUrls: parts.uploadUrls,
    webhooks: parts.webhooks ?? unconfiguredWebhooks,
  };
};

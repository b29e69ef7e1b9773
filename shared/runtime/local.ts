import { TextractClient } from '@aws-sdk/client-textract';
import type { UploadUrls } from '#shared/services/uploads.ts';
import { createDynamoClient } from '#shared/store/client.ts';
import { ocrEngineFromEnv } from '#shared/text/select-engine.ts';
import { textractFeaturesFromEnv } from '#shared/text/textract.ts';
import { buildDeps, type Deps } from './deps.ts';
import type { LocalSecrets } from './local-secrets.ts';
import { createLogger } from './logging.ts';
import type { WebhookRuntime } from './webhooks.ts';

export interface LocalDepsOptions {
  /** The embedded engine, DynamoDB Local, or any DynamoDB endpoint. */
  endpoint: string;
  tableName: string;
  secrets: LocalSecrets;
  uploadUrls: UploadUrls;
  /** Read, never written: OCR_ENGINE, TEXTRACT_FEATURES, AWS_REGION. */
  env?: NodeJS.ProcessEnv;
  referenceTtlMs?: number;
  /** The local webhook runtime (local/webhooks.ts). */
  webhooks?: WebhookRuntime;
}

/**
 * The composition root of the local runtimes (`npm start` and the CLI). Textract
 * is used only when OCR_ENGINE=textract asks for it (with the SDK's own
 * endpoint and credential resolution); otherwise documents are read locally.
 */
export const buildLocalDeps = (options: LocalDepsOptions): Deps & { close(): void } => {
  const env = options.env ?? process.env;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const dynamo = createDynamoClient({ endpoint: options.endpoint, region });
  const textract = ocrEngineFromEnv(env) === 'textract' ? new TextractClient({ region, maxAttempts: 3 }) : undefined;
  const deps = buildDeps({
    dynamo,
    tableName: options.tableName,
    cursorSecret: options.secrets.cursor,
    logger: createLogger(),
    ...(textract ? { textract: { client: textract, features: textractFeaturesFromEnv(env) } } : {}),
    uploadUrls: options.uploadUrls,
    ...(options.referenceTtlMs === undefined ? {} : { referenceTtlMs: options.referenceTtlMs }),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });
  return {
    ...deps,
    close: () => {
      dynamo.destroy();
      textract?.destroy();
    },
  };
};

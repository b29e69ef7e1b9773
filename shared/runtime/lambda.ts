import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { S3Client } from '@aws-sdk/client-s3';
import { TextractClient } from '@aws-sdk/client-textract';
import type { Context } from 'aws-lambda';
import { s3UploadUrls } from '#shared/services/uploads.ts';
import { createDynamoClient, storeConfigFromEnv } from '#shared/store/client.ts';
import { textractFeaturesFromEnv } from '#shared/text/textract.ts';
import { buildDeps, type EventDeps } from './deps.ts';
import { createLogger } from './logging.ts';
import { retryBudget } from './retry-budget.ts';
import { webhookRuntimeFromEnv } from './webhooks.ts';

/**
 * The Lambda composition root. It is built at the first invocation of a
 * container (so importing a handler builds nothing) and reused by every later
 * one. The retry budget of every client follows the function's own timeout,
 * read from the first invocation's context. The cursor secret is read from
 * Secrets Manager through Powertools Parameters (which caches it); only its
 * ARN is in the environment.
 */
export const buildLambdaDeps = async (env: NodeJS.ProcessEnv, timeoutMs: number): Promise<EventDeps> => {
  const budget = retryBudget(timeoutMs);
  const store = storeConfigFromEnv(env);
  const cursorArn = env.CURSOR_SECRET_ARN;
  const secret = cursorArn ? await getSecret(cursorArn, { maxAge: 300 }) : undefined;
  if (cursorArn && typeof secret !== 'string') throw new Error(`Secret ${cursorArn} has no string value`);
  const cursorSecret = typeof secret === 'string' ? secret : undefined;
  const s3 = new S3Client({ maxAttempts: budget.s3 });
  const topic = env.TEXTRACT_SNS_TOPIC_ARN;
  const role = env.TEXTRACT_ROLE_ARN;
  const deps = buildDeps({
    dynamo: createDynamoClient({ ...store, maxAttempts: budget.dynamodb }),
    tableName: store.tableName,
    cursorSecret,
    logger: createLogger(env.POWERTOOLS_SERVICE_NAME),
    textract: {
      client: new TextractClient({ maxAttempts: budget.textract }),
      features: textractFeaturesFromEnv(env),
      ...(topic && role ? { notify: { snsTopicArn: topic, roleArn: role } } : {}),
    },
    uploadUrls: s3UploadUrls(s3, env.UPLOADS_BUCKET ?? '', env.UPLOADS_PREFIX ?? 'uploads/'),
    webhooks: webhookRuntimeFromEnv(env),
  });
  return { ...deps, s3 };
};

let root: Promise<EventDeps> | undefined;

/** This container's dependencies: built once; a failed build (e.g. Secrets Manager down) is retried by the next invocation. */
const lambdaDeps = (context: Context): Promise<EventDeps> => {
  root ??= buildLambdaDeps(process.env, context.getRemainingTimeInMillis()).catch((error: unknown) => {
    root = undefined;
    throw error;
  });
  return root;
};

/**
 * The exported Lambda `handler` of a function module: the module's
 * `createHandler` applied to the Lambda root, on first use.
 */
export const lambdaHandler = <H extends (event: never, context: never) => Promise<unknown>>(create: (deps: EventDeps) => H) => {
  type Invoke = (event: unknown, context: Context) => Promise<Awaited<ReturnType<H>>>;
  let built: Promise<Invoke> | undefined;
  return async (event: unknown, context: Context): Promise<Awaited<ReturnType<H>>> => {
    built ??= lambdaDeps(context).then(
      (deps) => create(deps) as unknown as Invoke,
      (error: unknown) => {
        built = undefined;
        throw error;
      },
    );
    return (await built)(event, context);
  };
};

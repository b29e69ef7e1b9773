import { TextractClient } from '@aws-sdk/client-textract';
import { InMemoryTextResultCache } from '#shared/store/textract-result-cache.ts';
import { textractFeaturesFromEnv } from '#shared/text/textract.ts';
import type { TextractDeps } from '#shared/services/read-document.ts';

/** `certverify extract` with Textract: one client for the command, results cached in memory. */
export const cliTextract = (env: NodeJS.ProcessEnv): TextractDeps => ({
  client: new TextractClient({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', maxAttempts: 3 }),
  cache: new InMemoryTextResultCache(),
  features: textractFeaturesFromEnv(env),
});

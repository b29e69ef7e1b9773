import { createDynamoClient, storeConfigFromEnv } from '#shared/store/client.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsKeyStore } from '#shared/passport/kms-key-store.ts';
import { LocalKeyStore } from '#shared/passport/local-key-store.ts';
import type { KeyStore } from '#shared/passport/signer.ts';
import { deploymentFor, STATUS_LIST_MAX_AGE_SECONDS, StatusListCache, type PassportDeps } from './passport.ts';
import { ReferenceDataCache } from './reference-data.ts';

/**
 * The process-wide dependencies, built once on first use (cold start) from the
 * environment and then injected into every service call. The local runtime
 * and the tests may install their own before the first request.
 */
let current: Repositories | undefined;
let reference: ReferenceDataCache | undefined;

export const repositories = (): Repositories => {
  if (!current) {
    const config = storeConfigFromEnv();
    current = createRepositories(createDynamoClient(config), config.tableName);
  }
  return current;
};

export const useRepositories = (repos: Repositories | undefined): void => {
  current = repos;
  reference = undefined;
};

/** The issuer directory and text fraud patterns, cached per process (see ReferenceDataCache). */
export const referenceData = (): ReferenceDataCache => (reference ??= new ReferenceDataCache(repositories()));

// --- digital passport (issue 11) --------------------------------------------------

let keys: Promise<KeyStore> | undefined;
let lists: StatusListCache | undefined;

/**
 * The passport keys: the KMS key on AWS (PASSPORT_KMS_KEY_ARN, and the
 * retired keys in PASSPORT_KMS_RETIRED_KEY_ARNS, comma-separated, kept so that
 * old credentials still verify); elsewhere a key file generated on first use
 * under CERTVERIFY_DATA_DIR (default ./.data).
 */
const keyStoreFromEnv = async (env: NodeJS.ProcessEnv = process.env): Promise<KeyStore> => {
  const arn = env.PASSPORT_KMS_KEY_ARN;
  if (arn) {
    const retired = (env.PASSPORT_KMS_RETIRED_KEY_ARNS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    return new KmsKeyStore(new KMSClient({}), arn, retired);
  }
  if (env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('PASSPORT_KMS_KEY_ARN is not set: on AWS the passport signs with KMS only');
  return LocalKeyStore.open(join(env.CERTVERIFY_DATA_DIR ?? '.data', 'passport-keys.json'));
};

export const passportKeys = (): Promise<KeyStore> => (keys ??= keyStoreFromEnv().catch((e: unknown) => {
  keys = undefined;
  throw e;
}));

/** The local runtime and tests install their own key store (undefined: back to the environment's). */
export const useKeyStore = (store: KeyStore | undefined): void => {
  keys = store ? Promise.resolve(store) : undefined;
  lists = undefined;
};

/** Everything the passport services need, for a request that came in on `requestBaseUrl`. */
export const passportDeps = async (requestBaseUrl: string): Promise<PassportDeps> => ({
  repos: repositories(),
  keys: await passportKeys(),
  deployment: deploymentFor(requestBaseUrl),
  lists: (lists ??= new StatusListCache(STATUS_LIST_MAX_AGE_SECONDS * 1000)),
});

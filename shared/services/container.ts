import { createDynamoClient, storeConfigFromEnv } from '#shared/store/client.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';
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

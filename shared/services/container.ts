import { createDynamoClient, storeConfigFromEnv } from '#shared/store/client.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';
import { S3Client } from '@aws-sdk/client-s3';
import { LocalDocumentStore, S3DocumentStore, type DocumentStore } from '#shared/store/document-store.ts';
import { ReferenceDataCache } from './reference-data.ts';

/**
 * The process-wide dependencies, built once on first use (cold start) from the
 * environment and then injected into every service call. The local runtime
 * and the tests may install their own before the first request.
 */
let current: Repositories | undefined;
let documents: DocumentStore | undefined;
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

/**
 * The stored documents: S3 under DOCUMENTS_PREFIX of DOCUMENTS_BUCKET on AWS
 * (SSE-KMS when DOCUMENTS_KMS_KEY_ID is set), else encrypted files under
 * DOCUMENTS_DIR (default ./.data/documents).
 */
export const documentStore = (): DocumentStore => {
  if (!documents) {
    const bucket = process.env.DOCUMENTS_BUCKET;
    documents = bucket
      ? new S3DocumentStore(new S3Client({}), bucket, process.env.DOCUMENTS_PREFIX ?? 'documents/', process.env.DOCUMENTS_KMS_KEY_ID || undefined)
      : new LocalDocumentStore(process.env.DOCUMENTS_DIR ?? '.data/documents');
  }
  return documents;
};

export const useDocumentStore = (store: DocumentStore | undefined): void => {
  documents = store;
};

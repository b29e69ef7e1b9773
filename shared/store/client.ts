import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TableSpec } from './table-spec.ts';

export interface StoreConfig {
  tableName: string;
  /** DynamoDB Local, the embedded engine, or unset for AWS. */
  endpoint?: string;
  region?: string;
}

export const storeConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): StoreConfig => ({
  tableName: env.TABLE_NAME ?? TableSpec.defaultName,
  endpoint: env.DYNAMODB_ENDPOINT || undefined,
  region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
});

/**
 * One low-level client per process, built by a composition root (shared/runtime) and injected.
 * Against a local engine we pass dummy credentials so that no AWS account is needed.
 */
export const createDynamoClient = (config: Pick<StoreConfig, 'endpoint' | 'region'> & { maxAttempts?: number }): DynamoDBClient => {
  // The SDK's standard retry strategy is the only retry loop (see shared/runtime/retry-budget.ts).
  const options: DynamoDBClientConfig = { region: config.region ?? 'us-east-1', retryMode: 'standard', maxAttempts: config.maxAttempts ?? 3 };
  if (config.endpoint) {
    options.endpoint = config.endpoint;
    options.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new DynamoDBClient(options);
};

export const createDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });

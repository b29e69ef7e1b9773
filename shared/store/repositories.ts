import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ApiKeyRepository } from './api-key-repository.ts';
import { createDocumentClient } from './client.ts';
import { FraudPatternRepository } from './fraud-pattern-repository.ts';
import { IssuerRepository } from './issuer-repository.ts';
import { LookupGuard } from './lookup-guard.ts';
import { ReferenceVersion } from './reference-version.ts';
import { ReportRepository } from './report-repository.ts';
import type { Table } from './table.ts';
import { VerificationRepository } from './verification-repository.ts';

/** Every repository over one injected client: built once per process, at cold start. */
export const createRepositories = (client: DynamoDBClient, tableName: string) => {
  const table: Table = { doc: createDocumentClient(client), name: tableName };
  const referenceVersion = new ReferenceVersion(table);
  return {
    table,
    referenceVersion,
    issuers: new IssuerRepository(table, referenceVersion),
    reports: new ReportRepository(table),
    apiKeys: new ApiKeyRepository(table),
    fraudPatterns: new FraudPatternRepository(table, referenceVersion),
    verifications: new VerificationRepository(table),
    lookupGuard: new LookupGuard(table),
  };
};

export type Repositories = ReturnType<typeof createRepositories>;

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AffectedVerifications } from './affected-verifications.ts';
import { ApiKeyRepository } from './api-key-repository.ts';
import { BatchRepository } from './batch-repository.ts';
import { BatchGetCoalescer } from './batch.ts';
import { createDocumentClient } from './client.ts';
import type { CursorCodec } from './cursor.ts';
import { FraudPatternRepository } from './fraud-pattern-repository.ts';
import { IssuerRepository } from './issuer-repository.ts';
import { PassportRepository } from './passport-repository.ts';
import { LookupGuard } from './lookup-guard.ts';
import { ReferenceVersion } from './reference-version.ts';
import { ReportRepository } from './report-repository.ts';
import { ReviewRepository } from './review-repository.ts';
import type { Table } from './table.ts';
import { VerificationRepository } from './verification-repository.ts';
import { WebhookRepository } from './webhook-repository.ts';

/** Every repository over one injected client: built once per process, by a composition root (shared/runtime). */
export const createRepositories = (client: DynamoDBClient, tableName: string, cursors: CursorCodec) => {
  const table: Table = { doc: createDocumentClient(client), name: tableName, cursors };
  const referenceVersion = new ReferenceVersion(table);
  // The point reads of a request — its API key, then its verification's reference items — go through one
  // strongly consistent coalescer, so that under concurrency one request's key read and another's lookup
  // share a BatchGetItem (batch.ts).
  const pointReads = new BatchGetCoalescer(table, { consistentRead: true, maxInFlight: 1 });
  return {
    table,
    referenceVersion,
    issuers: new IssuerRepository(table, referenceVersion),
    reports: new ReportRepository(table),
    apiKeys: new ApiKeyRepository(table, pointReads),
    fraudPatterns: new FraudPatternRepository(table, referenceVersion),
    verifications: new VerificationRepository(table, pointReads),
    reviews: new ReviewRepository(table),
    passports: new PassportRepository(table),
    batches: new BatchRepository(table),
    lookupGuard: new LookupGuard(table),
    webhooks: new WebhookRepository(table),
    affectedVerifications: new AffectedVerifications(table),
  };
};

export type Repositories = ReturnType<typeof createRepositories>;

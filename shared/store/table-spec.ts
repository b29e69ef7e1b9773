/**
 * The one DynamoDB table, described once. The store code builds keys from
 * access-patterns.ts, the local runtime creates the table from this spec, and
 * the CDK table construct builds the same keys and GSIs from it, so the code
 * and the infrastructure cannot drift.
 */
export const TableSpec = {
  /** Default name; the runtime reads TABLE_NAME. */
  defaultName: 'certverify',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Idempotency records (Powertools) carry their expiry here; TTL is enabled on AWS only. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', purpose: 'report number; lists of issuers, keys and fraud patterns' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', purpose: 'verifications by verdict; fraud pattern by id' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', purpose: 'verifications by issuer' },
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', purpose: 'verifications by seller' },
    { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', purpose: 'verifications by month' },
  ],
} as const;

export type IndexName = (typeof TableSpec.globalSecondaryIndexes)[number]['indexName'];

/** Every key attribute is a string. */
export const keyAttributes = (): string[] => [
  TableSpec.partitionKey,
  TableSpec.sortKey,
  ...TableSpec.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
];

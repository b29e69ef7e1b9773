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
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', purpose: 'lists of issuers, keys and fraud patterns' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', purpose: 'verifications by verdict; fraud pattern by id' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', purpose: 'verifications by issuer' },
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', purpose: 'verifications by seller' },
    { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', purpose: 'verifications by month' },
    {
      indexName: 'gsi6',
      partitionKey: 'gsi6pk',
      sortKey: 'gsi6sk',
      purpose: 'a report number: its registrations and a compact line per presentation',
      /**
       * Only what a verification compares and what an investigator lists, so
       * that reading a popular number's history stays small: the checks and
       * the extracted fields of earlier verifications are not projected.
       */
      nonKeyAttributes: [
        'entity', 'issuerId', 'reportNumber', 'documentType', 'productName', 'model', 'client', 'manufacturer',
        'standards', 'conclusion', 'issueDate', 'validUntil', 'documentSha256', 'fields', 'status', 'history',
        'contentHash', 'registeredAt', 'updatedAt', 'demo',
        'verificationId', 'verdict', 'riskScore', 'createdAt', 'sellerId', 'listingId', 'claimedProduct',
        'presentedProduct', 'submittedBy',
      ],
    },
  ],
} as const;

/** The attributes an index projects: every attribute, or the keys plus a list. */
export const projectionOf = (index: (typeof TableSpec.globalSecondaryIndexes)[number]): readonly string[] | 'ALL' =>
  'nonKeyAttributes' in index ? index.nonKeyAttributes : 'ALL';

/** Every key attribute is a string. */
export const keyAttributes = (): string[] => [
  TableSpec.partitionKey,
  TableSpec.sortKey,
  ...TableSpec.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
];

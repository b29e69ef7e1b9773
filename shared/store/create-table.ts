import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { keyAttributes, projectionOf, TableSpec } from './table-spec.ts';

/**
 * Creates the table from the table spec when it does not exist yet: the local
 * runtime and the tests use it against the embedded engine and DynamoDB Local.
 * On AWS the CDK table construct builds the same table from the same spec.
 */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: TableSpec.partitionKey, KeyType: 'HASH' },
          { AttributeName: TableSpec.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TableSpec.globalSecondaryIndexes.map((g) => ({
          IndexName: g.indexName,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' },
            { AttributeName: g.sortKey, KeyType: 'RANGE' },
          ],
          Projection: ((projection) =>
            projection === 'ALL' ? { ProjectionType: 'ALL' as const } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...projection] })(
            projectionOf(g),
          ),
        })),
      }),
    );
  } catch (e) {
    if (e instanceof ResourceInUseException) return 'exists';
    throw e;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return 'created';
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
};

/**
 * The one DynamoDB table, built by iterating shared/store/table-spec.ts so the
 * keys and indexes the store code queries are the ones that exist.
 * Powertools idempotency records live here too, expiring through TTL on
 * `expiresAt`.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { TableAccess } from '#shared/http/routes.ts';
import { projectionOf, TableSpec } from '#shared/store/table-spec.ts';

/** Least privilege: reads never include Scan; writes add only what the repositories use. */
export const TableReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const TableWriteActions = [
  ...TableReadActions,
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export class CertverifyTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TableSpec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TableSpec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-owned keys are not auditable in CloudTrail; the AWS managed key (aws/dynamodb) is, at no key cost.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TableSpec.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
      // Webhooks (cdk/constructs/webhooks.ts): the fan-out compares old and new images.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
    for (const gsi of TableSpec.globalSecondaryIndexes) {
      const projection = projectionOf(gsi);
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        ...(projection === 'ALL'
          ? { projectionType: ProjectionType.ALL }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...projection] }),
      });
    }
  }

  /** The table and each index by name: no `index/*` wildcard. */
  private resourceArns(): string[] {
    return [this.table.tableArn, ...TableSpec.globalSecondaryIndexes.map((g) => `${this.table.tableArn}/index/${g.indexName}`)];
  }

  grant(grantee: IGrantable, access: TableAccess): void {
    if (access === 'none') return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...(access === 'write' ? TableWriteActions : TableReadActions)],
        resources: this.resourceArns(),
      }),
    );
  }
}

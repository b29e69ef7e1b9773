/**
 * Webhooks (issue 12): the table's stream → the fan-out function (event
 * filter: verifications, report changes, HIGH fraud patterns) → the delivery
 * queue → the delivery function, which POSTs signed events and re-queues
 * retries with a per-message delay (a wait past SQS's 900 s hops through
 * the queue again). Secrets are encrypted with a KMS key. Each function has
 * its own role with only the actions it uses: the delivery function reads
 * and updates WEBHOOK# items only (dynamodb:LeadingKeys).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { StreamFilterPatterns } from '#shared/webhooks/stream.ts';
import { bundlingOptions, nodeRuntime } from '../bundling.ts';
import { entryPath, projectRoot } from '../handlers.ts';
import { notifyingAlarm } from './alarms.ts';
import type { Functions } from './functions.ts';
import type { CertverifyTable } from './table.ts';

export interface WebhooksProps {
  readonly table: CertverifyTable;
  readonly functions: Functions;
  readonly alarmTopic: ITopic;
  readonly logRetention: RetentionDays;
  readonly logLevel: string;
}

/** Standard Webhooks' 15 s per attempt, plus the store reads and writes around it. */
const DELIVERY_TIMEOUT = Duration.seconds(30);

export class Webhooks extends Construct {
  readonly secretsKey: Key;
  readonly deliveryQueue: Queue;
  readonly deliveryDeadLetterQueue: Queue;
  readonly fanoutDeadLetterQueue: Queue;
  readonly fanout: NodejsFunction;
  readonly delivery: NodejsFunction;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);
    const { table } = props;
    const stream = table.table.tableStreamArn;
    if (!stream) throw new Error('The table needs a stream (NEW_AND_OLD_IMAGES) for webhooks');

    this.secretsKey = new Key(this, 'SecretsKey', {
      description: 'certverify webhook signing secrets (encrypt on registration, decrypt on delivery)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const queueDefaults = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    this.deliveryDeadLetterQueue = new Queue(this, 'DeliveryDeadLetterQueue', { ...queueDefaults, retentionPeriod: Duration.days(14) });
    this.deliveryQueue = new Queue(this, 'DeliveryQueue', {
      ...queueDefaults,
      // Lambda's advice for an SQS source: six times the function timeout.
      visibilityTimeout: Duration.seconds(DELIVERY_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deliveryDeadLetterQueue, maxReceiveCount: 5 },
    });
    this.fanoutDeadLetterQueue = new Queue(this, 'FanoutDeadLetterQueue', { ...queueDefaults, retentionPeriod: Duration.days(14) });

    const environment = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'certverify',
      POWERTOOLS_LOG_LEVEL: props.logLevel,
      TABLE_NAME: table.table.tableName,
      WEBHOOK_DELIVERY_QUEUE_URL: this.deliveryQueue.queueUrl,
    };
    const tableArn = table.table.tableArn;
    const webhookItemsOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WEBHOOK#*'] } };

    this.fanout = this.createFunction('Fanout', 'webhook-fanout', Duration.minutes(2), environment, props);
    this.fanout.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        // the affected-verification indexes (gsi1 by hash, gsi3 issuer, gsi4 seller, gsi6 number) and gsi2 for the endpoints
        resources: ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi6'].map((index) => `${tableArn}/index/${index}`),
      }),
    );
    // the issuer pointers of an ISSUER_NAME / ACCREDITATION_NUMBER pattern
    this.fanout.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:GetItem'], resources: [tableArn] }));
    this.fanout.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:BatchWriteItem'], resources: [tableArn], conditions: webhookItemsOnly }),
    );
    this.deliveryQueue.grantSendMessages(this.fanout);
    this.fanout.addEventSource(
      new DynamoEventSource(table.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.fanoutDeadLetterQueue),
        filters: StreamFilterPatterns.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );

    this.delivery = this.createFunction('Delivery', 'webhook-delivery', DELIVERY_TIMEOUT, { ...environment, WEBHOOK_SECRETS_KEY_ID: this.secretsKey.keyArn }, props);
    this.delivery.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
        resources: [tableArn],
        conditions: webhookItemsOnly,
      }),
    );
    this.secretsKey.grantDecrypt(this.delivery);
    this.deliveryQueue.grantSendMessages(this.delivery);
    this.delivery.addEventSource(new SqsEventSource(this.deliveryQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 20 }));

    // Registration encrypts the secret it shows once.
    const create = props.functions.byHandler('create-webhook');
    if (create) {
      create.fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Encrypt'], resources: [this.secretsKey.keyArn] }));
      create.fn.addEnvironment('WEBHOOK_SECRETS_KEY_ID', this.secretsKey.keyArn);
    }

    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string) => {
      this.alarms.push(notifyingAlarm(this, alarmId, props.alarmTopic, metric, threshold, description));
    };
    const period = Duration.minutes(5);
    alarm('DeliveryDlqDepth', this.deliveryDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, 'webhook deliveries that failed 5 receipts are in the dead-letter queue');
    alarm('FanoutDlqDepth', this.fanoutDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, 'stream batches the webhook fan-out gave up on are in its dead-letter queue');
    alarm('FanoutIteratorAge', this.fanout.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }), 60_000, 'webhook fan-out lags the table stream by a minute or more');
    alarm('DeliveryBacklog', this.deliveryQueue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' }), 900, 'webhook deliveries wait in the queue for 15 minutes or more');
    for (const [name, fn] of [['Fanout', this.fanout], ['Delivery', this.delivery]] as const) {
      alarm(`${name}Errors`, fn.metricErrors({ period, statistic: 'Sum' }), 1, `webhook ${name.toLowerCase()}: invocation errors`);
      alarm(`${name}Throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), 1, `webhook ${name.toLowerCase()}: throttled invocations`);
    }
  }

  private createFunction(id: string, handler: string, timeout: Duration, environment: Record<string, string>, props: WebhooksProps): NodejsFunction {
    const scope = new Construct(this, id);
    const logGroup = new LogGroup(scope, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const role = new Role(scope, 'Role', { description: `certverify ${handler}`, assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    return new NodejsFunction(scope, 'Function', {
      entry: entryPath(handler),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      runtime: nodeRuntime,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout,
      role,
      logGroup,
      environment,
      description: `certverify ${handler}`,
      bundling: bundlingOptions(false),
    });
  }
}

/**
 * Verification batches on AWS: a Step Functions Distributed Map over the
 * items of a batch, written by POST /verification-batches to S3 as JSON
 * Lines (batches/<batchId>/items.jsonl).
 *
 * - ItemReader reads the object; ItemBatcher hands BATCH_CHUNK_SIZE items
 *   plus the batch (BatchInput) to one Express child execution, which
 *   invokes run-verification-batch-chunk once. MaxConcurrency bounds the
 *   children, so a 10,000-item batch never has more than
 *   MAX_CHILDREN × 8 verifications in flight against the table.
 * - Throttling: Lambda's own throttles and service errors, and a chunk
 *   that throws because the table stayed throttled past the item retries
 *   (or an upload is still being verified), are retried with exponential
 *   backoff and jitter; the last attempt records what is unfinished as
 *   error lines (CHUNK_MAX_ATTEMPTS), so the batch always finishes.
 * - Progress: each child writes one result item for its chunk; the status
 *   route sums them. No counter item that every child updates, no hot key.
 * - Least privilege: the state machine may read only batches/* and invoke
 *   only the chunk function; the submitting function may only put under
 *   batches/ and start this state machine.
 * - Alarms on failed, timed-out and aborted executions, and on failed map runs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  DefinitionBody,
  DistributedMap,
  ItemBatcher,
  JitterType,
  JsonPath,
  LogLevel,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { BATCH_CHUNK_SIZE, CHUNK_MAX_ATTEMPTS } from '#shared/services/verification-batches.ts';
import type { CertverifyFunction } from './functions.ts';
import type { Uploads } from './uploads.ts';

/** Key prefix of batch item files (env BATCHES_PREFIX). */
export const BatchesPrefix = 'batches/';

/** Chunks run at once per batch: with 8 items in flight per chunk, 160 verifications at a time. */
export const MAX_CHILDREN = 20;

export interface BatchesProps {
  readonly uploads: Uploads;
  /** create-verification-batch: writes the items and starts executions. */
  readonly submit: CertverifyFunction;
  /** run-verification-batch-chunk: one invocation per chunk. */
  readonly chunk: CertverifyFunction;
  readonly logRetention: RetentionDays;
  readonly alarmTopic: ITopic;
}

export class Batches extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: BatchesProps) {
    super(scope, id);
    const { bucket } = props.uploads;

    const runChunk = new LambdaInvoke(this, 'RunChunk', {
      lambdaFunction: props.chunk.fn,
      payload: TaskInput.fromObject({
        items: JsonPath.listAt('$.Items'),
        run: JsonPath.objectAt('$.BatchInput.run'),
        retryCount: JsonPath.numberAt('$$.State.RetryCount'),
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    runChunk.addRetry({
      errors: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'States.TaskFailed', 'States.Timeout'],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: CHUNK_MAX_ATTEMPTS - 1,
      maxDelay: Duration.seconds(60),
      jitterStrategy: JitterType.FULL,
    });

    const chunks = new DistributedMap(this, 'Chunks', {
      // Bucket by name from the input, not by reference: the reader's own grant would be the whole bucket.
      itemReader: new S3JsonLItemReader({ bucketNamePath: JsonPath.stringAt('$.items.bucket'), key: JsonPath.stringAt('$.items.key') }),
      itemBatcher: new ItemBatcher({
        maxItemsPerBatch: BATCH_CHUNK_SIZE,
        batchInput: {
          run: { 'batchId.$': '$.batchId', 'createdAt.$': '$.createdAt', 'principal.$': '$.principal' },
        },
      }),
      maxConcurrency: MAX_CHILDREN,
      mapExecutionType: StateMachineType.EXPRESS,
      resultPath: JsonPath.DISCARD,
    });
    chunks.itemProcessor(runChunk);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(chunks),
      stateMachineType: StateMachineType.STANDARD,
      timeout: Duration.hours(12),
      tracingEnabled: true,
      // Every event, without the execution data (the items carry sellers' listings).
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${BatchesPrefix}*`)] }),
    );

    // The submitting function: items under batches/, and starting this state machine only.
    const submit = props.submit.fn;
    submit.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${BatchesPrefix}*`)] }));
    this.stateMachine.grantStartExecution(submit);
    submit.addEnvironment('BATCHES_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    submit.addEnvironment('BATCHES_BUCKET', bucket.bucketName);
    submit.addEnvironment('BATCHES_PREFIX', BatchesPrefix);

    const action = new SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, metric: ReturnType<StateMachine['metricFailed']>, description: string) => {
      const a = new Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
    };
    const period = Duration.minutes(5);
    alarm('ExecutionsFailed', this.stateMachine.metricFailed({ period, statistic: 'Sum' }), 'verification batches: an execution failed (a chunk failed all its attempts)');
    alarm('ExecutionsTimedOut', this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }), 'verification batches: an execution timed out');
    alarm('ExecutionsAborted', this.stateMachine.metricAborted({ period, statistic: 'Sum' }), 'verification batches: an execution was aborted');
    alarm('ExecutionsThrottled', this.stateMachine.metricThrottled({ period, statistic: 'Sum' }), 'verification batches: Step Functions throttled state transitions');
  }
}

/**
 * The certverify stack: one construct per concern (table, uploads, ocr,
 * functions, api, alarms), wired from the route manifest.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { EventType } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { PagesAheadFilterPatterns } from '#shared/services/pages-ahead.ts';
import { Alarms, notifyingAlarm } from './constructs/alarms.ts';
import { Api } from './constructs/api.ts';
import { Batches } from './constructs/batches.ts';
import { Functions } from './constructs/functions.ts';
import { LookupFirewall } from './constructs/lookup-firewall.ts';
import { Ocr } from './constructs/ocr.ts';
import { Passport } from './constructs/passport.ts';
import { CertverifyTable } from './constructs/table.ts';
import { Uploads, UploadsPrefix } from './constructs/uploads.ts';
import { Webhooks } from './constructs/webhooks.ts';
import type { CertverifyConfig } from './config.ts';
import { acknowledgeFindings } from './nag.ts';

export interface CertverifyStackProps extends StackProps {
  readonly config: CertverifyConfig;
}

export class CertverifyStack extends Stack {
  readonly table: CertverifyTable;
  readonly uploads: Uploads;
  readonly ocr: Ocr;
  readonly passport: Passport;
  readonly functions: Functions;
  readonly api: Api;
  readonly alarms: Alarms;
  readonly batches?: Batches;
  readonly webhooks: Webhooks;
  readonly lookupFirewall?: LookupFirewall;

  constructor(scope: Construct, id: string, props: CertverifyStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new CertverifyTable(this, 'Store');
    this.uploads = new Uploads(this, 'Uploads', {
      allowedOrigins: config.allowedOrigins,
      expireAfterDays: config.uploadsExpireAfterDays,
    });
    this.ocr = new Ocr(this, 'Ocr');
    this.passport = new Passport(this, 'Passport');
    this.functions = new Functions(this, 'Functions', {
      table: this.table,
      uploads: this.uploads,
      ocr: this.ocr,
      passport: this.passport,
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      allowMissingHandlers: config.allowMissingHandlers,
    });

    // S3 invokes verify-upload asynchronously: Lambda retries twice, then the
    // failed event goes to the function's dead-letter queue (onFailure destination).
    const verifyUpload = this.functions.byHandler('verify-upload');
    if (verifyUpload) {
      this.uploads.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(verifyUpload.fn), {
        prefix: UploadsPrefix,
      });
    }
    const completed = this.functions.byHandler('textract-completed');
    if (completed?.deadLetterQueue) this.ocr.subscribeCompletion(completed.fn, completed.deadLetterQueue);

    this.api = new Api(this, 'Api', {
      functions: this.functions.functions,
      allowedOrigins: config.allowedOrigins,
      throttle: config.throttle,
      logRetention: config.logRetention,
    });
    if (config.lookupFirewall) this.lookupFirewall = new LookupFirewall(this, 'LookupFirewall', { api: this.api, ...config.lookupFirewall });
    this.alarms = new Alarms(this, 'Alarms', {
      api: this.api,
      functions: this.functions.functions,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    // The first pages of a verification bound for the review queue are rendered from the table's
    // stream, filtered at the source (shared/services/pages-ahead.ts), after the API has answered.
    const pagesAhead = this.functions.byHandler('render-pages-ahead');
    if (pagesAhead?.deadLetterQueue) {
      pagesAhead.fn.addEventSource(
        new DynamoEventSource(this.table.table, {
          startingPosition: StartingPosition.LATEST,
          batchSize: 10,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: 5,
          // A page rendered later than this is no longer ahead of the reviewer; it renders on demand.
          maxRecordAge: Duration.hours(1),
          onFailure: new SqsDlq(pagesAhead.deadLetterQueue),
          filters: PagesAheadFilterPatterns.map((pattern) => FilterCriteria.filter(pattern)),
        }),
      );
      this.alarms.alarms.push(
        notifyingAlarm(this, 'PagesAheadIteratorAge', this.alarms.topic, pagesAhead.fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }), 300_000, 'pages rendered ahead lag the table stream by five minutes or more'),
      );
    }

    const submitBatch = this.functions.byHandler('create-verification-batch');
    const runChunk = this.functions.byHandler('run-verification-batch-chunk');
    if (submitBatch && runChunk) {
      this.batches = new Batches(this, 'Batches', { uploads: this.uploads, submit: submitBatch, chunk: runChunk, logRetention: config.logRetention, alarmTopic: this.alarms.topic });
    }
    this.webhooks = new Webhooks(this, 'Webhooks', { table: this.table, functions: this.functions, alarmTopic: this.alarms.topic, logRetention: config.logRetention, logLevel: config.logLevel });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the certverify HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'DynamoDB table (TABLE_NAME)' });
    new CfnOutput(this, 'PassportKeyArn', { value: this.passport.key.keyArn, description: 'KMS key that signs digital passports (PASSPORT_KMS_KEY_ARN)' });
    new CfnOutput(this, 'UploadsBucketName', { value: this.uploads.bucket.bucketName, description: 'S3 bucket for large uploads' });

    acknowledgeFindings(this);
  }
}

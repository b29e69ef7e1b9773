import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetDocumentAnalysisCommand, StartDocumentAnalysisCommand, TextractClient } from '@aws-sdk/client-textract';
import { createHandler as verifyUploadOf } from '#functions/verify-upload/handler.ts';
import { createHandler as textractCompletedOf } from '#functions/textract-completed/handler.ts';
import type { Principal } from '#shared/domain/api-key.ts';
import type { EventDeps } from '#shared/runtime/deps.ts';
import { createUpload, s3UploadUrls } from '#shared/services/uploads.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { DynamoTextResultCache } from '#shared/store/textract-result-cache.ts';
import { EXAMPLES } from '../../../scripts/documents/examples.ts';
import { renderScanPdf } from '../../../scripts/documents/index.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';
import { lambdaContext } from '../../support/events.ts';
import { testEventDeps } from '../../support/runtime.ts';

const analysis = JSON.parse(readFileSync(new URL('../../fixtures/textract/multi-page-forms-samples-2-page.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const AWS = {
  bucket: 'certverify-uploads',
  snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:textract-done',
  roleArn: 'arn:aws:iam::123456789012:role/textract-publish',
};

/** A verify-upload or textract-completed invocation with an S3 ObjectCreated / SNS event as AWS sends it. */
const s3Event = (key: string) => ({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'eu-west-1', eventTime: '2025-03-14T08:00:00.000Z', eventName: 'ObjectCreated:Put', userIdentity: { principalId: 'AWS:AIDA' }, requestParameters: { sourceIPAddress: '203.0.113.7' }, responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' }, s3: { s3SchemaVersion: '1.0', configurationId: 'verify-upload', bucket: { name: AWS.bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${AWS.bucket}` }, object: { key, size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' } } }] });
const snsEvent = (message: unknown) => ({ Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${AWS.snsTopicArn}:2bcfbf39`, Sns: { Type: 'Notification', MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e', TopicArn: AWS.snsTopicArn, Subject: null, Message: JSON.stringify(message), Timestamp: '2025-03-14T08:00:00.000Z', SignatureVersion: '1', Signature: 'EXAMPLE', SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService.pem', UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe', MessageAttributes: {} } }] });

describe('functions: verify-upload and textract-completed (the AWS async path)', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let platform: Principal;
  let document: Uint8Array;
  let deps: EventDeps;
  const s3Client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  const textractClient = new TextractClient({ region: 'eu-west-1' });
  const s3 = mockClient(s3Client);
  const textract = mockClient(textractClient);

  beforeAll(async () => {
    engine = await startDynalite();
    ({ repos, platform } = await demoRepositories(engine.endpoint));
    deps = testEventDeps(repos, s3Client, {
      ocr: {
        textract: {
          client: textractClient,
          cache: new DynamoTextResultCache(repos.table.doc, repos.table.name),
          features: ['FORMS'],
          notify: { snsTopicArn: AWS.snsTopicArn, roleArn: AWS.roleArn },
        },
      },
      uploadUrls: s3UploadUrls(s3Client, AWS.bucket, 'uploads/'),
    });
    const genuine = EXAMPLES.find((e) => e.id === 'genuine');
    if (!genuine) throw new Error('no genuine example');
    document = await renderScanPdf(genuine.doc, { dpi: 100, seed: 3 });
  });

  afterAll(async () => {
    s3.restore();
    textract.restore();
    repos.destroy();
    await engine.stop();
  });

  it('starts one Textract job for a multi-page scan, then finishes the verification from its SNS completion', async () => {
    const verifyUpload = verifyUploadOf(deps);
    const textractCompleted = textractCompletedOf(deps);
    const upload = await createUpload(deps, { sellerId: 'seller-big' }, platform);
    const key = `uploads/${upload.verificationId}`;
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => document } as never });
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'job-42' });
    textract.on(GetDocumentAnalysisCommand).resolves(structuredClone(analysis));

    await verifyUpload(s3Event(key) as never, lambdaContext());
    const whileRunning = await repos.verifications.get(upload.verificationId);

    expect(upload.uploadUrl).toMatch(/^https:\/\/certverify-uploads\.s3\.[a-z0-9-]+\.amazonaws\.com\/uploads\/v_[a-z0-9]+\?.*X-Amz-Signature=/);
    expect(whileRunning).toMatchObject({ status: 'PENDING' });
    const start = textract.commandCalls(StartDocumentAnalysisCommand);
    expect(start).toHaveLength(1);
    expect(start[0]?.args[0].input).toMatchObject({
      DocumentLocation: { S3Object: { Bucket: 'certverify-uploads', Name: key } },
      FeatureTypes: ['FORMS'],
      JobTag: upload.verificationId,
      NotificationChannel: { SNSTopicArn: AWS.snsTopicArn, RoleArn: AWS.roleArn },
    });

    const message = { JobId: 'job-42', Status: 'SUCCEEDED', API: 'StartDocumentAnalysis', JobTag: upload.verificationId, DocumentLocation: { S3ObjectName: key, S3Bucket: 'certverify-uploads' } };
    await textractCompleted(snsEvent(message) as never, lambdaContext());
    await textractCompleted(snsEvent(message) as never, lambdaContext());

    const done = await repos.verifications.get(upload.verificationId);
    expect(done).toMatchObject({ verificationId: upload.verificationId, sellerId: 'seller-big', extracted: { textSource: 'textract' } });
    expect(done).toHaveProperty('verdict');
    expect(textract.commandCalls(StartDocumentAnalysisCommand)).toHaveLength(1);
    expect(textract.commandCalls(GetDocumentAnalysisCommand)).toHaveLength(1);
  }, 60_000);

  it('marks an upload REJECTED when the file is refused, and leaves other verifications alone', async () => {
    // Prepare
    const verifyUpload = verifyUploadOf(deps);
    const upload = await createUpload(deps, {}, platform);
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new TextEncoder().encode('MZ this is a program') } as never });

    await verifyUpload(s3Event(`uploads/${upload.verificationId}`) as never, lambdaContext());

    // Act & Assess
    expect(await repos.verifications.get(upload.verificationId)).toMatchObject({
      status: 'REJECTED',
      problem: { code: expect.stringMatching(/UNSUPPORTED_MEDIA_TYPE|DISGUISED_FILE/), detail: expect.any(String) },
    });
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetDocumentAnalysisCommand, StartDocumentAnalysisCommand, TextractClient } from '@aws-sdk/client-textract';
import type { S3Event, SNSEvent } from 'aws-lambda';
import type { Principal } from '#shared/domain/api-key.ts';
import { useRepositories } from '#shared/services/container.ts';
import { createUpload } from '#shared/services/uploads.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { EXAMPLES } from '../../../scripts/documents/examples.ts';
import { renderScanPdf } from '../../../scripts/documents/index.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';
import { lambdaContext } from '../../support/events.ts';

const analysis = JSON.parse(readFileSync(new URL('../../fixtures/textract/multi-page-forms-samples-2-page.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const AWS_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'certverify-verify-upload',
  UPLOADS_BUCKET: 'certverify-uploads',
  TEXTRACT_SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:textract-done',
  TEXTRACT_ROLE_ARN: 'arn:aws:iam::123456789012:role/textract-publish',
  TEXTRACT_FEATURES: 'FORMS',
};

describe('functions: verify-upload and textract-completed (the AWS async path)', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let platform: Principal;
  let document: Uint8Array;
  const saved: Record<string, string | undefined> = {};
  const s3 = mockClient(S3Client);
  const textract = mockClient(TextractClient);

  beforeAll(async () => {
    for (const [k, v] of Object.entries(AWS_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    delete process.env.LOCAL_UPLOAD_BASE_URL;
    engine = await startDynalite();
    ({ repos, platform } = await demoRepositories(engine.endpoint));
    useRepositories(repos);
    const genuine = EXAMPLES.find((e) => e.id === 'genuine');
    if (!genuine) throw new Error('no genuine example');
    document = await renderScanPdf(genuine.doc, { dpi: 100, seed: 3 });
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
    s3.restore();
    textract.restore();
    useRepositories(undefined);
    repos.destroy();
    await engine.stop();
  });

  it('starts one Textract job for a multi-page scan, then finishes the verification from its SNS completion', async () => {
    const { handler: verifyUpload } = await import('#functions/verify-upload/handler.ts');
    const { handler: textractCompleted } = await import('#functions/textract-completed/handler.ts');
    const upload = await createUpload(repos, { sellerId: 'seller-big' }, platform);
    const key = `uploads/${upload.verificationId}`;
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => document } as never });
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'job-42' });
    textract.on(GetDocumentAnalysisCommand).resolves(structuredClone(analysis));
    const s3Event = { Records: [{ s3: { bucket: { name: 'certverify-uploads' }, object: { key } } }] } as unknown as S3Event;

    await verifyUpload(s3Event, lambdaContext());
    const whileRunning = await repos.verifications.get(upload.verificationId);

    expect(upload.uploadUrl).toMatch(/^https:\/\/certverify-uploads\.s3\.[a-z0-9-]+\.amazonaws\.com\/uploads\/v_[a-z0-9]+\?.*X-Amz-Signature=/);
    expect(whileRunning).toMatchObject({ status: 'PENDING' });
    const start = textract.commandCalls(StartDocumentAnalysisCommand);
    expect(start).toHaveLength(1);
    expect(start[0]?.args[0].input).toMatchObject({
      DocumentLocation: { S3Object: { Bucket: 'certverify-uploads', Name: key } },
      FeatureTypes: ['FORMS'],
      JobTag: upload.verificationId,
      NotificationChannel: { SNSTopicArn: AWS_ENV.TEXTRACT_SNS_TOPIC_ARN, RoleArn: AWS_ENV.TEXTRACT_ROLE_ARN },
    });

    const message = { JobId: 'job-42', Status: 'SUCCEEDED', API: 'StartDocumentAnalysis', JobTag: upload.verificationId, DocumentLocation: { S3ObjectName: key, S3Bucket: 'certverify-uploads' } };
    const snsEvent = { Records: [{ Sns: { Message: JSON.stringify(message) } }] } as unknown as SNSEvent;
    await textractCompleted(snsEvent, lambdaContext());
    await textractCompleted(snsEvent, lambdaContext());

    const done = await repos.verifications.get(upload.verificationId);
    expect(done).toMatchObject({ verificationId: upload.verificationId, sellerId: 'seller-big', extracted: { textSource: 'textract' } });
    expect(done).toHaveProperty('verdict');
    expect(textract.commandCalls(StartDocumentAnalysisCommand)).toHaveLength(1);
    expect(textract.commandCalls(GetDocumentAnalysisCommand)).toHaveLength(1);
  }, 60_000);

  it('marks an upload REJECTED when the file is refused, and leaves other verifications alone', async () => {
    const { handler: verifyUpload } = await import('#functions/verify-upload/handler.ts');
    const upload = await createUpload(repos, {}, platform);
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new TextEncoder().encode('MZ this is a program') } as never });

    await verifyUpload({ Records: [{ s3: { bucket: { name: 'certverify-uploads' }, object: { key: `uploads/${upload.verificationId}` } } }] } as unknown as S3Event, lambdaContext());

    expect(await repos.verifications.get(upload.verificationId)).toMatchObject({
      status: 'REJECTED',
      problem: { status: 415, code: expect.stringMatching(/UNSUPPORTED_MEDIA_TYPE|DISGUISED_FILE/) },
    });
  });
});

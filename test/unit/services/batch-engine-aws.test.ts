import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { StepFunctionsBatchEngine } from '#shared/services/batch-engine-aws.ts';
import type { BatchRun } from '#shared/services/verification-batches.ts';

const run: BatchRun = { batchId: 'b_0000000001abc', createdAt: '2026-12-01T10:00:00.000Z', principal: { role: 'platform', keyId: 'k1', platformId: 'market' } };
const config = { stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:batches', bucket: 'uploads-bucket', prefix: 'batches/' };

describe('StepFunctionsBatchEngine', () => {
  const engineWith = () => {
    const s3 = new S3Client({ region: 'eu-west-1' });
    const sfn = new SFNClient({ region: 'eu-west-1' });
    return { s3: mockClient(s3), sfn: mockClient(sfn), engine: new StepFunctionsBatchEngine({ s3, sfn }, config) };
  };

  it('writes the items to S3 as JSON Lines and starts an execution named after the batch', async () => {
    // Prepare
    const { s3, sfn, engine } = engineWith();
    s3.on(PutObjectCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });

    // Act
    await engine.start(run, [{ index: 0, item: { fields: { reportNumber: 'A1' }, sellerId: 's' } }, { index: 1, invalid: { status: 422, code: 'VALIDATION_FAILED' } }]);

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toStrictEqual({
      Bucket: 'uploads-bucket',
      Key: 'batches/b_0000000001abc/items.jsonl',
      Body: '{"index":0,"item":{"fields":{"reportNumber":"A1"},"sellerId":"s"}}\n{"index":1,"invalid":{"status":422,"code":"VALIDATION_FAILED"}}',
      ContentType: 'application/x-ndjson',
    });
    const start = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(start?.name).toBe(run.batchId);
    expect(start?.stateMachineArn).toBe(config.stateMachineArn);
    expect(JSON.parse(start?.input ?? '')).toStrictEqual({ ...run, items: { bucket: 'uploads-bucket', key: 'batches/b_0000000001abc/items.jsonl' } });
  });

  it('treats an execution that already exists (a retried start) as started', async () => {
    // Prepare
    const { s3, sfn, engine } = engineWith();
    s3.on(PutObjectCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    // Act & Assess
    await expect(engine.start(run, [])).resolves.toBeUndefined();
  });

  it('turns a throttled start or a failed write into a dependency outage (503)', async () => {
    // Prepare
    const { s3, sfn, engine } = engineWith();
    s3.on(PutObjectCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }));
    // Act & Assess
    await expect(engine.start(run, [])).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', dependency: 'stepfunctions' });

    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Slow down'), { name: 'SlowDown', $metadata: {} }));
    await expect(engine.start(run, [])).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', dependency: 's3' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '#shared/domain/api-key.ts';
import type { IndexedBatchItem } from '#shared/domain/verification-batch.ts';
import { batchItemError } from '#shared/http/batch-item-error.ts';
import { ReferenceDataCache } from '#shared/services/reference-data.ts';
import { batchItemVerificationId, batchResults, batchStatus, runBatchChunk, type BatchRun } from '#shared/services/verification-batches.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: {} });

const genuine = { reportNumber: 'MJ2025-000127', issuerName: '深圳明鉴检测技术有限公司', productName: '快速充电器', model: 'QC-65W', issueDate: '2025-03-14' };

describe('service: runBatchChunk', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let platform: Principal;
  let deps: Parameters<typeof runBatchChunk>[0];

  beforeAll(async () => {
    engine = await startDynalite();
    ({ repos, platform } = await demoRepositories(engine.endpoint));
    deps = { repos, reference: new ReferenceDataCache(repos, 60_000), describeError: batchItemError };
  });

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  const runOf = (batchId: string): BatchRun => ({ batchId, createdAt: '2026-12-01T10:00:00.000Z', principal: platform });
  const items: IndexedBatchItem[] = [
    { index: 0, item: { fields: genuine, sellerId: 's-0' } },
    { index: 1, invalid: { status: 422, code: 'VALIDATION_FAILED' } },
    { index: 2, item: { fields: { ...genuine, productName: '无线耳机' }, sellerId: 's-2' } },
  ];

  it('verifies each item under its own id, records invalid items as their lines, and stores one result item for the chunk', async () => {
    // Prepare
    const run = runOf('b_chunk1');
    await repos.batches.putHeader({ batchId: run.batchId, total: 3, createdAt: run.createdAt, submittedBy: { keyId: platform.keyId, role: 'platform' } });

    // Act
    const chunk = await runBatchChunk(deps, run, items, { unfinished: 'retry' });

    // Assess
    expect(chunk).toStrictEqual({
      first: 0,
      count: 3,
      verdicts: { AUTHENTIC: 1, FRAUDULENT: 1 },
      errors: 1,
      lines: [
        { index: 0, verificationId: batchItemVerificationId(run, 0), verdict: 'AUTHENTIC', riskScore: expect.any(Number), reportNumber: 'MJ2025-000127', sellerId: 's-0' },
        { index: 1, error: { status: 422, code: 'VALIDATION_FAILED' } },
        { index: 2, verificationId: batchItemVerificationId(run, 2), verdict: 'FRAUDULENT', riskScore: expect.any(Number), reportNumber: 'MJ2025-000127', sellerId: 's-2' },
      ],
    });
    expect(await batchStatus(repos, run.batchId, platform)).toMatchObject({ state: 'DONE', done: 3, errors: 1, verdicts: { AUTHENTIC: 1, FRAUDULENT: 1 } });
    expect(await batchResults(repos, run.batchId, platform)).toStrictEqual(chunk.lines);
  });

  it('finds the stored verifications when the chunk runs again (a retry), instead of verifying twice', async () => {
    // Prepare
    const run = runOf('b_chunk1');
    const before = await repos.verifications.byReportNumber('MJ2025-000127');

    const again = await runBatchChunk(deps, run, items, { unfinished: 'retry' });

    // Act & Assess
    expect((await repos.verifications.byReportNumber('MJ2025-000127')).length).toBe(before.length);
    expect(again.lines.map((l) => ('verdict' in l ? l.verdict : l.error.code))).toStrictEqual(['AUTHENTIC', 'VALIDATION_FAILED', 'FRAUDULENT']);
  });

  it('throws on a store that stays throttled so the engine retries the chunk, and records 503 lines on the last attempt', async () => {
    // Prepare
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(QueryCommand).resolves({ Items: [] }).on(BatchGetCommand).resolves({ Responses: {} }).on(PutCommand).rejects(throttled());
    const run = runOf('b_chunk2');
    const one: IndexedBatchItem[] = [{ index: 0, item: { fields: genuine } }];
    // Act & Assess
    try {
      await expect(runBatchChunk(deps, run, one, { unfinished: 'retry', retryDelaysMs: [1] })).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      const last = await runBatchChunk({ ...deps, repos: { ...repos, batches: { putChunk: () => Promise.resolve() } as never } }, run, one, { unfinished: 'record', retryDelaysMs: [] });
      expect(last.lines).toStrictEqual([{ index: 0, error: { status: 503, code: 'DEPENDENCY_UNAVAILABLE' } }]);
    } finally {
      ddb.restore();
    }
  });

  it('asks for a retry while an upload is still PENDING, and reports another platform\'s upload as 403', async () => {
    const pendingId = 'v_00000000pendingupload1';
    await repos.verifications.putPending({ verificationId: pendingId, status: 'PENDING', createdAt: new Date().toISOString(), submittedBy: { keyId: platform.keyId, role: 'platform', ...(platform.platformId ? { platformId: platform.platformId } : {}) }, submission: {} });
    const run = runOf('b_chunk3');

    await expect(runBatchChunk(deps, run, [{ index: 0, item: { uploadId: pendingId } }], { unfinished: 'retry' })).rejects.toMatchObject({ code: 'BATCH_ITEM_PENDING' });
    const recorded = await runBatchChunk(deps, run, [{ index: 0, item: { uploadId: pendingId } }], { unfinished: 'record' });
    const other = await runBatchChunk(deps, { ...run, principal: { role: 'platform', keyId: 'k2', platformId: 'elsewhere' } }, [{ index: 0, item: { uploadId: pendingId } }], { unfinished: 'record' });

    expect(recorded.lines).toStrictEqual([{ index: 0, error: { status: 504, code: 'UPLOAD_NOT_VERIFIED' } }]);
    expect(other.lines).toStrictEqual([{ index: 0, error: { status: 403, code: 'FORBIDDEN' } }]);
  });
});

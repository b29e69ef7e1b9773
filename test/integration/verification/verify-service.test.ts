import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '#shared/domain/api-key.ts';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { TypedFields } from '#shared/domain/verification.ts';
import { ReferenceDataCache } from '#shared/services/reference-data.ts';
import { readTypedFields, verifyReading } from '#shared/services/verify-document.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';

const genuine: TypedFields = {
  reportNumber: 'MJ2025-000127',
  issuerName: '深圳明鉴检测技术有限公司',
  accreditationNumbers: ['CNAS L9912', 'CMA 201919123456'],
  productName: '快速充电器',
  model: 'QC-65W',
  manufacturer: '东莞市优能电子科技有限公司',
  issueDate: '2025-03-14',
  conclusion: '合格',
};

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: {} });

describe('service: verify-document', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let platform: Principal;
  let reference: ReferenceDataCache;

  beforeAll(async () => {
    engine = await startDynalite();
    ({ repos, platform } = await demoRepositories(engine.endpoint));
    reference = new ReferenceDataCache(repos, 60_000);
  });

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  const verify = (fields: TypedFields, submission: Record<string, string> = {}) =>
    verifyReading({ repos, reference }, readTypedFields(fields), submission, platform);

  it('reads with one Query and one BatchGetItem and writes with one PutItem', async () => {
    // Prepare
    await reference.get();
    const calls: string[] = [];
    const recorder = { step: 'initialize' as const, name: 'countCalls' };
    repos.table.doc.middlewareStack.add((next, context) => (args) => {
      calls.push(String(context.commandName));
      return next(args);
    }, recorder);
    // Act & Assess
    try {
      const result = await verify(genuine, { sellerId: 'seller-count' });
      expect(result.verdict).toBe('AUTHENTIC');
    } finally {
      repos.table.doc.middlewareStack.remove('countCalls');
    }
    expect(calls).toStrictEqual(['QueryCommand', 'BatchGetItemCommand', 'PutItemCommand']);
  });

  it('reads the keyed items of concurrent verifications with one BatchGetItem, each getting its own verdict', async () => {
    await reference.get();
    const calls: string[] = [];
    repos.table.doc.middlewareStack.add((next, context) => (args) => {
      calls.push(String(context.commandName));
      return next(args);
    }, { step: 'initialize', name: 'countConcurrent' });
    let results;
    try {
      results = await Promise.all([
        verify(genuine, { sellerId: 'seller-c1' }),
        verify({ ...genuine, accreditationNumbers: ['CNAS L8801'] }, { sellerId: 'seller-c2' }),
        verify({ reportNumber: 'ZX-2025-0002', issuerName: 'Zenith Quality Labs', productName: 'Kettle', issueDate: '2025-01-10' }),
      ]);
    } finally {
      repos.table.doc.middlewareStack.remove('countConcurrent');
    }

    expect(results.map((r) => r.verdict)).toStrictEqual(['AUTHENTIC', 'FRAUDULENT', 'UNVERIFIABLE']);
    expect(results[1]?.checks.find((c) => c.name === 'accreditation-matches-issuer')?.code).toBe('NOT_ISSUERS');
    expect(calls.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(1);
    expect(calls.filter((c) => c === 'QueryCommand')).toHaveLength(3);
  });

  it.each([
    ['a changed model', { ...genuine, model: 'QC-100W' }, 'FRAUDULENT', 'fields-match', 'FIELDS_DIFFER'],
    ['a number the issuer never registered', { ...genuine, reportNumber: 'MJ2025-999001' }, 'FRAUDULENT', 'report-registered', 'NOT_REGISTERED'],
    ['an off-pattern number', { ...genuine, reportNumber: 'MJ-2025-127' }, 'FRAUDULENT', 'report-number-pattern', 'OFF_PATTERN'],
    ['a known fake number', { ...genuine, reportNumber: 'MJ2023-999999' }, 'FRAUDULENT', 'fraud-patterns', 'MATCHED_HIGH'],
    ['a revoked report', { ...genuine, reportNumber: 'MJ2025-000342', productName: '电源适配器', model: 'PA-20', manufacturer: '广州市捷达电器厂', issueDate: '2025-05-20' }, 'FRAUDULENT', 'report-registered', 'REVOKED'],
    ['an accreditation suspended on the issue date', { ...genuine, reportNumber: 'MJ2024-000718', productName: '插座', model: 'S-10A', manufacturer: '宁波市安居电器有限公司', issueDate: '2024-07-15', accreditationNumbers: ['CNAS L9912'] }, 'SUSPICIOUS', 'accreditation-valid-at-issue', 'SUSPENDED_AT_ISSUE'],
    ['an accreditation number of another issuer', { ...genuine, accreditationNumbers: ['CNAS L8801'] }, 'FRAUDULENT', 'accreditation-matches-issuer', 'NOT_ISSUERS'],
    ['an unknown issuer', { reportNumber: 'ZX-2025-0001', issuerName: 'Zenith Quality Labs', productName: 'Kettle', issueDate: '2025-01-10' }, 'UNVERIFIABLE', 'issuer-known', 'UNKNOWN_ISSUER'],
    ['an expired certificate', { reportNumber: 'NSC-QMS-17002', issuerName: 'Northstar Certification Ltd.', productName: 'Manufacture of plastic kitchenware', issueDate: '2022-11-01', validUntil: '2025-10-31', documentType: 'CERTIFICATE' }, 'SUSPICIOUS', 'validity', 'EXPIRED'],
  ] as const)('decides %s', async (_label, fields, verdict, check, code) => {
    // Act
    const result = await verify(fields as TypedFields);

    // Assess
    expect(result.verdict).toBe(verdict);
    expect(result.checks.find((c) => c.name === check)?.code).toBe(code);
  });

  it('flags reuse of a number for another product by another seller', async () => {
    // Prepare
    await verify(genuine, { sellerId: 'seller-a', claimedProduct: '快速充电器 65W' });

    // Act
    const reused = await verify(genuine, { sellerId: 'seller-b', claimedProduct: '儿童电动牙刷' });

    // Assess
    expect(reused.verdict).toBe('FRAUDULENT');
    expect(reused.checks.find((c) => c.name === 'reuse')).toMatchObject({ status: 'FAIL', code: 'DIFFERENT_PRODUCT' });
  });

  describe('fault injection', () => {
    it('turns a DynamoDB outage on read into ERROR checks, never FRAUDULENT, and still stores the result', async () => {
      // Prepare
      const ddb = mockClient(DynamoDBDocumentClient);
      ddb.on(QueryCommand).rejects(throttled()).on(BatchGetCommand).rejects(throttled()).on(PutCommand).callsFake(async (input) => {
        ddb.restore();
        await repos.table.doc.send(new PutCommand(input));
        return {};
      });
      const cold = new ReferenceDataCache(repos, 0);
      let stored: string | undefined;
      // Act & Assess
      try {
        const result = await verifyReading({ repos, reference: cold }, readTypedFields(genuine), {}, platform);
        stored = result.verificationId;

        expect(result.verdict).toBe('UNVERIFIABLE');
        expect(result.checks.filter((c) => c.status === 'ERROR').map((c) => c.code)).toContain('DEPENDENCY_UNAVAILABLE');
        expect(result.checks.filter((c) => c.status === 'FAIL')).toStrictEqual([]);
      } finally {
        ddb.restore();
      }
      expect(await repos.verifications.get(stored ?? '')).toMatchObject({ verificationId: stored, verdict: 'UNVERIFIABLE' });
    });

    it('raises a dependency error when the result cannot be stored', async () => {
      // Prepare
      const ddb = mockClient(DynamoDBDocumentClient);
      ddb.on(PutCommand).rejects(throttled());
      ddb.on(QueryCommand).resolves({ Items: [] }).on(BatchGetCommand).resolves({ Responses: {} });
      // Act & Assess
      try {
        await expect(verify(genuine)).rejects.toBeInstanceOf(DependencyUnavailableError);
      } finally {
        ddb.restore();
      }
    });
  });
});

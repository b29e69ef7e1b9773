import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#shared/domain/api-key.ts';
import { InvalidCursorError } from '#shared/domain/errors.ts';
import type { TypedFields, Verification, VerificationListQuery } from '#shared/domain/verification.ts';
import { ReferenceDataCache } from '#shared/services/reference-data.ts';
import { readTypedFields, verifyReading } from '#shared/services/verify-document.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';

const genuine: TypedFields = {
  reportNumber: 'MJ2025-000127',
  issuerName: '深圳明鉴检测技术有限公司',
  accreditationNumbers: ['CNAS L9912'],
  productName: '快速充电器',
  model: 'QC-65W',
  issueDate: '2025-03-14',
};
const fake: TypedFields = { ...genuine, reportNumber: 'MJ2023-999999' };
const gem: TypedFields = { reportNumber: '2141558011', issuerName: 'Lumière Gemological Laboratory', productName: 'Natural diamond', issueDate: '2025-02-10', caratWeight: 1.02 };

describe('store: verification search', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let platform: Principal;
  const made: Verification[] = [];
  const commands: string[] = [];

  const query = (q: Partial<VerificationListQuery>) => repos.verifications.search({ limit: 25, ...q }, new Date('2025-06-30T00:00:00Z'));
  const ids = (items: Verification[]) => items.map((v) => v.verificationId);

  beforeAll(async () => {
    engine = await startDynalite();
    ({ repos, platform } = await demoRepositories(engine.endpoint));
    const reference = new ReferenceDataCache(repos, 60_000);
    const plan: Array<[string, TypedFields, string]> = [
      ['2025-03-20T10:00:00Z', genuine, 'seller-a'],
      ['2025-04-02T10:00:00Z', fake, 'seller-b'],
      ['2025-04-15T10:00:00Z', gem, 'seller-a'],
      ['2025-05-01T10:00:00Z', fake, 'seller-c'],
      ['2025-05-09T10:00:00Z', genuine, 'seller-c'],
      ['2025-06-11T10:00:00Z', fake, 'seller-b'],
    ];
    for (const [at, fields, sellerId] of plan) {
      made.push(await verifyReading({ repos, reference, now: () => new Date(at) }, readTypedFields(fields), { sellerId }, platform));
    }
    repos.table.doc.middlewareStack.add((next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    }, { step: 'initialize', name: 'recordSearch' });
  });

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  it('filters by verdict, newest first', async () => {
    // Prepare
    const { items } = await query({ verdict: 'FRAUDULENT' });
    // Act & Assess
    expect(ids(items)).toStrictEqual([made[5], made[3], made[1]].map((v) => v?.verificationId));
  });

  it('combines issuer, verdict and a time range', async () => {
    // Prepare
    const { items } = await query({ issuerId: 'mingjian-testing', verdict: 'FRAUDULENT', from: '2025-04-01', to: '2025-05-31' });
    // Act & Assess
    expect(ids(items)).toStrictEqual([made[3], made[1]].map((v) => v?.verificationId));
  });

  it('filters by seller and by report number', async () => {
    // Act & Assess
    expect(ids((await query({ sellerId: 'seller-a' })).items)).toStrictEqual([made[2], made[0]].map((v) => v?.verificationId));
    expect(ids((await query({ reportNumber: 'mj2023-999999', sellerId: 'seller-b' })).items)).toStrictEqual([made[5], made[1]].map((v) => v?.verificationId));
  });

  it('walks the months without a filter and pages with a cursor', async () => {
    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await query({ limit: 4, from: '2025-03-01', ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    // Assess
    expect(seen).toStrictEqual([...made].reverse().map((v) => v.verificationId));
    expect(pages).toBe(2);
  });

  it('rejects a cursor from another query', async () => {
    // Prepare
    const page = await query({ verdict: 'FRAUDULENT', limit: 1 });
    // Act & Assess
    await expect(query({ verdict: 'AUTHENTIC', limit: 1, cursor: page.nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('served every search with Query, never Scan', () => {
    // Act & Assess
    expect(commands.length).toBeGreaterThan(5);
    expect(new Set(commands)).toStrictEqual(new Set(['QueryCommand']));
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createFraudPatternOf } from '#functions/create-fraud-pattern/handler.ts';
import { createHandler as createVerificationOf } from '#functions/create-verification/handler.ts';
import { createHandler as deleteFraudPatternOf } from '#functions/delete-fraud-pattern/handler.ts';
import type { Principal } from '#shared/domain/api-key.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { ReferenceDataCache } from '#shared/services/reference-data.ts';
import { readTypedFields, verifyReading } from '#shared/services/verify-document.ts';
import { createDynamoClient } from '#shared/store/client.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';
import type { DemoKeys } from '#local/seed/seed.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';
import { httpEvent, invoke } from '../../support/events.ts';
import { testDeps } from '../../support/runtime.ts';

const fieldsWith = (productName: string) => ({ reportNumber: 'MJ2025-000342', issuerName: '明鉴检测', productName, issueDate: '2025-05-20' });
const fraudCheck = (body: unknown) => (body as { checks: Array<{ name: string; code: string }> }).checks.find((c) => c.name === 'fraud-patterns');

describe('reference data freshness', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let keys: DemoKeys;
  let platform: Principal;
  let deps: Deps;
  let createVerification: ReturnType<typeof createVerificationOf>;
  let createFraudPattern: ReturnType<typeof createFraudPatternOf>;
  let deleteFraudPattern: ReturnType<typeof deleteFraudPatternOf>;

  const verify = (productName: string) =>
    invoke(createVerification, httpEvent({ method: 'POST', route: '/verifications', path: '/verifications', body: { fields: fieldsWith(productName) }, apiKey: keys.platform }));
  const createPattern = (value: string) =>
    invoke(createFraudPattern, httpEvent({ method: 'POST', route: '/fraud-patterns', path: '/fraud-patterns', body: { kind: 'PHRASE', value, severity: 'HIGH' }, apiKey: keys.investigator }));
  const deletePattern = (id: string) =>
    invoke(deleteFraudPattern, httpEvent({ method: 'DELETE', route: '/fraud-patterns/{id}', path: `/fraud-patterns/${id}`, pathParameters: { id }, apiKey: keys.investigator }));

  beforeAll(async () => {
    engine = await startDynalite();
    ({ repos, keys, platform } = await demoRepositories(engine.endpoint));
    // A warm cache that would live an hour: only the version check can refresh it.
    deps = testDeps(repos, { reference: new ReferenceDataCache(repos, 3_600_000) });
    createVerification = createVerificationOf(deps);
    createFraudPattern = createFraudPatternOf(deps);
    deleteFraudPattern = deleteFraudPatternOf(deps);
  });

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  it('a HIGH PHRASE pattern created, then deleted, is in force for the very next verification of this process', async () => {
    // Prepare: a warm cache (this verification loads it)
    const phrase = `rebadged-${randomUUID().slice(0, 8)}`;
    const before = await verify(`adapter ${phrase}`);

    // Act
    const created = await createPattern(phrase);
    const next = await verify(`adapter ${phrase}`);
    const removed = await deletePattern((created.body as { id: string }).id);
    const afterDelete = await verify(`adapter ${phrase}`);

    // Assess
    expect(fraudCheck(before.body)).toMatchObject({ code: 'NO_MATCH' });
    expect(created.statusCode).toBe(201);
    expect(fraudCheck(next.body)).toMatchObject({ code: 'MATCHED_HIGH' });
    expect(removed.statusCode).toBe(204);
    expect(fraudCheck(afterDelete.body)).toMatchObject({ code: 'NO_MATCH' });
  });

  it('another instance (its own client and warm cache) sees a write on its very next verification, through the version it reads in the lookup batch', async () => {
    // Prepare: instance B with its own client, repositories and a warm cache, TTL an hour
    const client = createDynamoClient({ endpoint: engine.endpoint });
    const other = createRepositories(client, repos.table.name, repos.table.cursors);
    const otherCache = new ReferenceDataCache(other, 3_600_000);
    const phrase = `relabelled-${randomUUID().slice(0, 8)}`;
    const reading = readTypedFields(fieldsWith(`charger ${phrase}`));
    const warm = await verifyReading({ repos: other, reference: otherCache }, reading, {}, platform);

    // Act: the write goes through this instance
    const created = await createPattern(phrase);
    const seen = await verifyReading({ repos: other, reference: otherCache }, reading, {}, platform);
    await deletePattern((created.body as { id: string }).id);
    const gone = await verifyReading({ repos: other, reference: otherCache }, reading, {}, platform);

    // Assess
    expect(warm.checks.find((c) => c.name === 'fraud-patterns')).toMatchObject({ code: 'NO_MATCH' });
    expect(seen.checks.find((c) => c.name === 'fraud-patterns')).toMatchObject({ code: 'MATCHED_HIGH' });
    expect(gone.checks.find((c) => c.name === 'fraud-patterns')).toMatchObject({ code: 'NO_MATCH' });
    client.destroy();
  });

  it('a warm cache with no write in between costs no read beyond the lookup batch', async () => {
    // Prepare
    const cache = deps.reference;
    await verify('warm-up');
    let loads = 0;
    const original = repos.fraudPatterns.listTextPatterns.bind(repos.fraudPatterns);
    repos.fraudPatterns.listTextPatterns = () => {
      loads++;
      return original();
    };

    // Act
    await verify('no change 1');
    await verify('no change 2');

    // Assess
    expect(loads).toBe(0);
    expect(cache).toBe(deps.reference);
    repos.fraudPatterns.listTextPatterns = original;
  });
});

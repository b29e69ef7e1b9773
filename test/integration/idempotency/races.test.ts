import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createVerificationOf } from '#functions/create-verification/handler.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { DemoKeys } from '#local/seed/seed.ts';
import { engineFactories, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';
import { httpEvent, invoke } from '../../support/events.ts';
import { testDeps } from '../../support/runtime.ts';

const fields = { reportNumber: 'MJ2025-000342', issuerName: '明鉴检测', productName: '电源适配器', issueDate: '2025-05-20' };

/** Real concurrency against a real engine: every invocation awaits its own DynamoDB calls, interleaved. */
describe.each(engineFactories())('idempotency races on $name', ({ start }) => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let keys: DemoKeys;
  let createVerification: ReturnType<typeof createVerificationOf>;

  const post = (body: unknown, key: string) =>
    invoke(
      createVerification,
      httpEvent({ method: 'POST', route: '/verifications', path: '/verifications', body, apiKey: keys.platform, headers: { 'idempotency-key': key } }),
    );
  const stored = async (sellerId: string) => (await repos.verifications.search({ sellerId, limit: 100 })).items;

  beforeAll(async () => {
    engine = await start();
    ({ repos, keys } = await demoRepositories(engine.endpoint));
    createVerification = createVerificationOf(testDeps(repos));
  }, 60_000);

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  it('100 concurrent twins store one verification; each answers it or 409 IDEMPOTENCY_IN_PROGRESS with Retry-After', async () => {
    // Prepare
    const sellerId = `twins-${randomUUID().slice(0, 8)}`;
    const key = `key-${randomUUID()}`;

    // Act
    const answers = await Promise.all(Array.from({ length: 100 }, () => post({ fields, sellerId }, key)));
    const after = await post({ fields, sellerId }, key);

    // Assess
    const items = await stored(sellerId);
    expect(items).toHaveLength(1);
    const id = items[0]?.verificationId;
    for (const a of answers) {
      if (a.statusCode === 200) expect((a.body as { verificationId: string }).verificationId).toBe(id);
      else {
        expect(a.statusCode).toBe(409);
        expect(a.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
        expect(a.headers).toMatchObject({ 'retry-after': '1' });
      }
    }
    expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(1);
    expect(after).toMatchObject({ statusCode: 200, body: { verificationId: id } });
  }, 60_000);

  it('50 concurrent requests with one key and 50 bodies store one verification; every other answer is a 409', async () => {
    // Prepare
    const sellerId = `bodies-${randomUUID().slice(0, 8)}`;
    const key = `key-${randomUUID()}`;

    // Act
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post({ fields, sellerId, listingId: `listing-${i}` }, key)));

    // Assess
    const items = await stored(sellerId);
    expect(items).toHaveLength(1);
    const ok = answers.filter((a) => a.statusCode === 200);
    expect(ok).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 200)) {
      expect(a.statusCode).toBe(409);
      expect(['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS']).toContain((a.body as { code: string }).code);
    }
  }, 60_000);

  it('bodies A, B, B, A in turn answer 200, 409, 409, 200 with the first verification, and nothing is deleted', async () => {
    // Prepare
    const sellerId = `abba-${randomUUID().slice(0, 8)}`;
    const key = `key-${randomUUID()}`;
    const a = { fields, sellerId, listingId: 'A' };
    const b = { fields, sellerId, listingId: 'B' };

    // Act
    const first = await post(a, key);
    const second = await post(b, key);
    const third = await post(b, key);
    const fourth = await post(a, key);

    // Assess
    const id = (first.body as { verificationId: string }).verificationId;
    expect(first.statusCode).toBe(200);
    expect(second).toMatchObject({ statusCode: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(third).toMatchObject({ statusCode: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(fourth).toMatchObject({ statusCode: 200, body: { verificationId: id } });
    expect((await stored(sellerId)).map((v) => v.verificationId)).toStrictEqual([id]);
  }, 60_000);

  it('the same key under another API key is another request', async () => {
    // Prepare
    const sellerId = `principals-${randomUUID().slice(0, 8)}`;
    const key = `key-${randomUUID()}`;

    // Act
    const mine = await post({ fields, sellerId }, key);
    const theirs = await invoke(
      createVerification,
      httpEvent({ method: 'POST', route: '/verifications', path: '/verifications', body: { fields, sellerId }, apiKey: keys.investigator, headers: { 'idempotency-key': key } }),
    );

    // Assess
    expect(mine.statusCode).toBe(200);
    expect(theirs.statusCode).toBe(200);
    expect((theirs.body as { verificationId: string }).verificationId).not.toBe((mine.body as { verificationId: string }).verificationId);
    expect(await stored(sellerId)).toHaveLength(2);
  }, 60_000);
});

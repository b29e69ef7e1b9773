import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Principal } from '#shared/domain/api-key.ts';
import { deliver, type DeliveryDeps } from '#shared/services/webhook-delivery.ts';
import { createWebhook } from '#shared/services/webhooks.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { DeliveryQueue } from '#shared/webhooks/delivery-queue.ts';
import { RetryDelaysMs } from '#shared/webhooks/retry-schedule.ts';
import { AesSecretBox } from '#shared/webhooks/secret-box.ts';
import { deliveryIdOf } from '#shared/webhooks/signing.ts';
import { SqsDeliveryQueue } from '#shared/webhooks/sqs-queue.ts';
import type { DeliveryJob } from '#shared/webhooks/stream.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { freshRepositories } from '../../support/store.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';

const platform: Principal = { role: 'platform', keyId: 'key-d', platformId: 'plat-d' };
const event = { type: 'verification.completed', timestamp: '2026-01-01T00:00:00.000Z', data: { verificationId: 'v_1', verdict: 'AUTHENTIC', riskScore: 0 } };

describe('service: webhook delivery', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let receiver: Receiver;
  const sent: Array<{ job: DeliveryJob; delayMs: number }> = [];
  const queue: DeliveryQueue = { send: (jobs) => Promise.resolve(void sent.push(...jobs)) };
  const secrets = new AesSecretBox(Buffer.alloc(32, 3));
  let deps: DeliveryDeps;

  const endpoint = async (path: string, answer: (attempt: number) => number) => {
    const created = await createWebhook({ repos, secrets, policy: { allowLoopback: true } }, platform, { url: receiver.url(path), events: ['verification.completed'] });
    receiver.endpoint(path, created.secret, answer);
    const deliveryId = deliveryIdOf(`test|${path}`, created.webhookId);
    await repos.webhooks.putDeliveries([{ webhookId: created.webhookId, deliveryId, type: 'verification.completed', state: 'PENDING', attempts: 0, createdAt: event.timestamp, payload: JSON.stringify(event) }]);
    return { webhookId: created.webhookId, deliveryId, createdAt: event.timestamp, attempt: 1 } satisfies DeliveryJob;
  };
  const log = async (webhookId: string) => (await repos.webhooks.listDeliveries(webhookId, 10)).items;

  beforeAll(async () => {
    engine = await startDynalite();
    repos = await freshRepositories(engine.endpoint);
    receiver = await startReceiver();
    deps = { repos, secrets, queue, policy: { allowLoopback: true }, retryScale: 1, random: () => 0, secretCache: new Map() };
  }, 60_000);

  beforeEach(() => {
    sent.length = 0;
  });

  afterAll(async () => {
    await receiver?.close();
    repos?.destroy();
    await engine?.stop();
  });

  it('retries on the schedule with the same webhook-id until the attempts run out, then FAILED', async () => {
    // Prepare
    const job = await endpoint('/always-500', () => 500);
    let current: DeliveryJob = job;
    // Act
    const outcomes: string[] = [];
    let clock = Date.now();
    for (let i = 0; i < 8; i++) {
      outcomes.push(await deliver({ ...deps, clock: () => clock }, current));
      const next = sent.at(-1);
      if (outcomes.at(-1) !== 'retrying' || !next) break;
      current = next.job;
      clock = next.job.notBefore ?? clock;
    }
    // Assess
    expect(outcomes).toStrictEqual([...Array(7).fill('retrying'), 'failed']);
    expect(sent.map((s) => s.delayMs)).toStrictEqual([...RetryDelaysMs]);
    const ids = new Set(receiver.receipts.filter((r) => r.path === '/always-500').map((r) => r.id));
    expect([...ids]).toStrictEqual([job.deliveryId]);
    // The first attempts (now, +5 s) verify; the later ones are signed at their (simulated) future times,
    // outside the receiver's 5-minute timestamp tolerance.
    expect(receiver.receipts.filter((r) => r.path === '/always-500').map((r) => r.verified)).toStrictEqual([true, true, ...Array(6).fill(false)]);
    expect(await log(job.webhookId)).toStrictEqual([
      { deliveryId: job.deliveryId, type: 'verification.completed', state: 'FAILED', attempts: 8, lastStatus: 500, createdAt: event.timestamp },
    ]);
  });

  it('skips a duplicate receipt of an attempt already made, and a delivered one', async () => {
    // Prepare
    const job = await endpoint('/ok', () => 200);
    // Act & Assess
    expect(await deliver(deps, job)).toBe('delivered');
    expect(await deliver(deps, job)).toBe('skipped');
    expect(receiver.receipts.filter((r) => r.path === '/ok').length).toBe(1);
  });

  it('puts a job that is not due back on the queue for the rest of its delay', async () => {
    // Prepare
    const job = await endpoint('/later', () => 200);
    const now = Date.parse('2026-01-01T00:00:00Z');
    // Act & Assess
    expect(await deliver({ ...deps, clock: () => now }, { ...job, notBefore: now + 36_000_000 })).toBe('deferred');
    expect(sent.map((s) => s.delayMs)).toStrictEqual([36_000_000]);
    expect(receiver.receipts.filter((r) => r.path === '/later').length).toBe(0);
  });

  it('counts a refused target as a failed attempt and retries it', async () => {
    // Prepare
    const job = await endpoint('/refused', () => 200);
    // Act
    const outcome = await deliver({ ...deps, policy: { allowLoopback: false } }, job);
    // Assess
    expect(outcome).toBe('retrying');
    expect((await log(job.webhookId))[0]).toMatchObject({ state: 'PENDING', attempts: 1, lastError: expect.stringContaining('must be https') });
  });
});

describe('webhooks: SQS delivery queue', () => {
  it('caps DelaySeconds at 900 and sends in batches of 10', async () => {
    // Prepare
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const job: DeliveryJob = { webhookId: 'wh_x', deliveryId: 'msg_x', createdAt: '2026-01-01T00:00:00.000Z', attempt: 2 };
    await new SqsDeliveryQueue(new SQSClient({ region: 'eu-west-1' }), 'https://sqs/q').send([
      ...Array.from({ length: 11 }, () => ({ job, delayMs: 4_500 })),
      { job, delayMs: 36_000_000 },
    ]);
    // Act
    const batches = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.map((e) => e.DelaySeconds));
    // Assess
    expect(batches).toStrictEqual([Array(10).fill(5), [5, 900]]);
    sqs.restore();
  });
});

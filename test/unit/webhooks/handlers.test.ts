import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { createHandler as createFanout } from '#functions/webhook-fanout/handler.ts';
import { createHandler as createDelivery } from '#functions/webhook-delivery/handler.ts';
import { lambdaContext } from '#local/http-adapter.ts';
import type { WebhookRuntime } from '#shared/runtime/webhooks.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { AesSecretBox } from '#shared/webhooks/secret-box.ts';
import type { DeliveryJob } from '#shared/webhooks/stream.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { testDeps } from '../../support/runtime.ts';
import { freshRepositories } from '../../support/store.ts';

const fixture = <T>(name: string): T => structuredClone(JSON.parse(readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8')) as T);

describe('handlers: webhook-fanout and webhook-delivery', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  const queued: DeliveryJob[] = [];
  let fanoutHandler: ReturnType<typeof createFanout>;
  let deliveryHandler: ReturnType<typeof createDelivery>;

  beforeAll(async () => {
    engine = await startDynalite();
    repos = await freshRepositories(engine.endpoint);
    const webhooks: WebhookRuntime = {
      secrets: new AesSecretBox(Buffer.alloc(32, 1)),
      queue: { send: (jobs) => Promise.resolve(void queued.push(...jobs.map((j) => j.job))) },
      policy: { allowLoopback: true },
      retryScale: 1,
      secretCache: new Map(),
    };
    const deps = testDeps(repos, { webhooks });
    fanoutHandler = createFanout(deps);
    deliveryHandler = createDelivery(deps);
  }, 60_000);

  afterAll(async () => {
    repos?.destroy();
    await engine?.stop();
  });

  it('fans a recorded stream event out and reports no failures', async () => {
    // Act
    const result = await fanoutHandler(fixture<DynamoDBStreamEvent>('dynamodb-stream-report-revoked.json'), lambdaContext('webhook-fanout'));
    // Assess
    expect(result).toStrictEqual({ batchItemFailures: [] });
  });

  it('reports a record that fails the parser schema as a batch item failure, and keeps the others', async () => {
    // Prepare
    const event = fixture<DynamoDBStreamEvent>('dynamodb-stream-report-revoked.json');
    const bad = structuredClone(event.Records[0]) as unknown as Record<string, unknown>;
    bad.eventSource = 'aws:kinesis';
    (bad.dynamodb as { SequenceNumber: string }).SequenceNumber = '111100000000000000000002';
    event.Records.push(bad as never);
    // Act
    const result = await fanoutHandler(event, lambdaContext('webhook-fanout'));
    // Assess
    expect(result).toStrictEqual({ batchItemFailures: [{ itemIdentifier: '111100000000000000000002' }] });
  });

  it('skips a delivery whose webhook is gone, and fails a message that is not a delivery job', async () => {
    // Prepare
    const event = fixture<SQSEvent>('sqs-webhook-delivery.json');
    const bad = { ...structuredClone(event.Records[0]), messageId: 'bad-message', body: '{"webhookId":1}' };
    event.Records.push(bad as never);
    // Act
    const result = await deliveryHandler(event, lambdaContext('webhook-delivery'));
    // Assess
    expect(result).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'bad-message' }] });
    expect(queued).toStrictEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Principal } from '#shared/domain/api-key.ts';
import type { Verification } from '#shared/domain/verification.ts';
import { Fanout } from '#shared/services/webhook-fanout.ts';
import { createWebhook } from '#shared/services/webhooks.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { DeliveryQueue } from '#shared/webhooks/delivery-queue.ts';
import { AesSecretBox } from '#shared/webhooks/secret-box.ts';
import { ChangeRecord, type DeliveryJob } from '#shared/webhooks/stream.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { freshRepositories } from '../../support/store.ts';

const platform = (id: string): Principal => ({ role: 'platform', keyId: `key-${id}`, platformId: id });
const staff: Principal = { role: 'investigator', keyId: 'key-inv' };

const verification = (i: number, over: Partial<Verification> = {}): Verification => ({
  verificationId: `v_fan${String(i).padStart(8, '0')}`,
  verdict: 'AUTHENTIC',
  riskScore: 3,
  summary: { en: 'ok', zh: 'ok' },
  checks: [],
  extracted: { fields: {}, textSource: 'fields' },
  issuerId: 'issuer-a',
  reportNumber: 'FAN-0001',
  sellerId: `seller-${i % 7}`,
  listingId: `listing-${i}`,
  submittedBy: { keyId: `key-p${i % 3}`, role: 'platform', platformId: `p${i % 3}` },
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  ...over,
});

/** A DynamoDB Streams record as the stream delivers it, validated by the same parser schema as the handler. */
const streamRecord = (eventName: 'INSERT' | 'MODIFY', next: Record<string, unknown>, previous?: Record<string, unknown>) =>
  ChangeRecord.parse({
    eventID: '1',
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:111122223333:table/t/stream/2026',
    dynamodb: {
      Keys: marshall({ pk: next.pk, sk: next.sk }),
      NewImage: marshall(next, { removeUndefinedValues: true }),
      ...(previous ? { OldImage: marshall(previous, { removeUndefinedValues: true }) } : {}),
      SequenceNumber: '100',
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  });

const reportImage = (status: string, history: number) => ({
  pk: 'ISSUER#issuer-a',
  sk: 'REPORT#FAN-0001',
  entity: 'Report',
  issuerId: 'issuer-a',
  reportNumber: 'FAN-0001',
  status,
  history: Array.from({ length: history }, (_, i) => ({ status: i === history - 1 ? status : 'VALID', reason: 'r', at: `2026-02-0${i + 1}T00:00:00.000Z`, by: 'k' })),
});

describe('service: webhook fan-out', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  const jobs: DeliveryJob[] = [];
  const queue: DeliveryQueue = { send: (sent) => Promise.resolve(void jobs.push(...sent.map((s) => s.job))) };
  const calls: Array<{ command: string; index?: string }> = [];

  beforeAll(async () => {
    engine = await startDynalite();
    repos = await freshRepositories(engine.endpoint);
    const deps = { repos, secrets: new AesSecretBox(Buffer.alloc(32, 7)), policy: { allowLoopback: true } };
    await createWebhook(deps, platform('p0'), { url: 'https://p0.example.org/h', events: ['verification.invalidated'] });
    await createWebhook(deps, platform('p1'), { url: 'https://p1.example.org/h', events: ['verification.completed', 'verification.invalidated'] });
    await createWebhook(deps, platform('p1'), { url: 'https://p1.example.org/second', events: ['verification.completed'] });
    await createWebhook(deps, staff, { url: 'https://staff.example.org/h', events: ['report.status_changed'] });
    // 250 AUTHENTIC presentations of the number by three platforms, plus noise the filter must drop.
    for (let i = 0; i < 250; i++) await repos.verifications.put(verification(i));
    await repos.verifications.put(verification(900, { verdict: 'SUSPICIOUS' }));
    await repos.verifications.put(verification(901, { issuerId: 'issuer-b' }));
    repos.table.doc.middlewareStack.add(
      (next, context) => (args) => {
        calls.push({ command: String(context.commandName), index: (args.input as { IndexName?: string }).IndexName });
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
  }, 60_000);

  afterAll(async () => {
    repos?.destroy();
    await engine?.stop();
  });

  it('makes one Query per changed report plus its pages, and one per audience, never a Scan', async () => {
    // Prepare
    calls.length = 0;
    jobs.length = 0;
    const fanout = new Fanout({ repos, queue, pageSize: 100 });
    await fanout.handle(streamRecord('MODIFY', reportImage('REVOKED', 2), reportImage('VALID', 1)));

    const queries = calls.filter((c) => c.command === 'QueryCommand');
    // Act & Assess
    expect(queries.filter((q) => q.index === 'gsi6').length).toBe(3); // 252 presentations, pages of 100
    expect(queries.filter((q) => q.index === 'gsi2').length).toBe(4); // STAFF + platforms p0, p1, p2
    expect(queries.length).toBe(7);
    expect(calls.some((c) => c.command === 'ScanCommand')).toBe(false);
    // p0 and p1 subscribed to invalidations (84 + 83 of the 250), p2 did not; one report.status_changed for staff.
    const byType = jobs.reduce<Record<string, number>>((acc, j) => ({ ...acc, [j.webhookId]: (acc[j.webhookId] ?? 0) + 1 }), {});
    expect(Object.values(byType).sort((a, b) => a - b)).toStrictEqual([1, 83, 84]);
    expect(fanout.stats).toStrictEqual({ events: 251, deliveries: 168 });
  });

  it('writes a replayed change to the same log entries and queues it again', async () => {
    // Prepare
    const first = new Set(jobs.map((j) => j.deliveryId));
    jobs.length = 0;
    // Act
    const fanout = new Fanout({ repos, queue, pageSize: 100 });
    await fanout.handle(streamRecord('MODIFY', reportImage('REVOKED', 2), reportImage('VALID', 1)));
    // Assess
    expect(fanout.stats).toStrictEqual({ events: 251, deliveries: 168 });
    expect(jobs.every((j) => first.has(j.deliveryId))).toBe(true);
    const counts = new Map<string, number>();
    for (const j of jobs) counts.set(j.webhookId, (counts.get(j.webhookId) ?? 0) + 1);
    const [p0] = [...counts.entries()].find(([, n]) => n === 84) ?? [];
    expect((await repos.webhooks.listDeliveries(p0 ?? '', 100)).items.length).toBe(84);
  });

  it('ignores a report change that keeps its status, and VALID is only a status change for staff', async () => {
    jobs.length = 0;
    const same = new Fanout({ repos, queue });
    await same.handle(streamRecord('MODIFY', reportImage('REVOKED', 2), reportImage('REVOKED', 2)));
    expect(same.stats.events).toBe(0);
    const back = new Fanout({ repos, queue });
    await back.handle(streamRecord('MODIFY', reportImage('VALID', 3), reportImage('SUSPENDED', 2)));
    expect(back.stats).toStrictEqual({ events: 1, deliveries: 1 });
  });

  it.each([
    ['SELLER', 'seller-3', 24, 'gsi4'],
    ['DOCUMENT_SHA256', 'ab'.repeat(32), 0, 'gsi1'],
    ['REPORT_NUMBER', 'fan-0001', 168, 'gsi6'],
  ])('finds the verifications a new HIGH %s pattern matches with one Query on its index', async (kind, value, expected, index) => {
    // Prepare
    calls.length = 0;
    const fanout = new Fanout({ repos, queue });
    const pattern = { pk: `FRAUD#${kind}#${value}`, sk: 'PATTERN', entity: 'FraudPattern', id: `fp_${kind.toLowerCase()}`, kind, value, match: 'EXACT', severity: 'HIGH', createdAt: '2026-03-01T00:00:00.000Z' };
    // Act
    await fanout.handle(streamRecord('INSERT', pattern));
    // Assess
    expect(calls.filter((c) => c.command === 'QueryCommand' && c.index === index).length).toBe(1);
    expect(fanout.stats.deliveries).toBe(expected);
  });

  it('sends verification.completed once, to the submitting platform only', async () => {
    jobs.length = 0;
    const v = { pk: 'VERIFICATION#v_new', sk: 'RESULT', entity: 'Verification', ...verification(1, { verificationId: 'v_new' }) };
    const fanout = new Fanout({ repos, queue });
    await fanout.handle(streamRecord('INSERT', v));
    await fanout.handle(streamRecord('MODIFY', v, v)); // a later update of the same verification
    expect(fanout.stats.deliveries).toBe(2); // p1's two endpoints that listen to verification.completed
    const stored = await repos.webhooks.deliveryWithWebhook(jobs[0] as DeliveryJob);
    expect(JSON.parse(stored.delivery?.payload ?? '{}')).toStrictEqual({
      type: 'verification.completed',
      timestamp: v.createdAt,
      data: { verificationId: 'v_new', verdict: 'AUTHENTIC', riskScore: 3, reportNumber: 'FAN-0001', issuerId: 'issuer-a', sellerId: 'seller-1', listingId: 'listing-1' },
    });
  });
});

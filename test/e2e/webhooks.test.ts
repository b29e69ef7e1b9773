import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';
import { startReceiver, type Receipt, type Receiver } from '../support/webhook-receiver.ts';

type Json = Record<string, unknown>;

const issuerId = 'mingjian-testing';
const report = (n: string) => ({
  reportNumber: `MJ2026-${n}`,
  documentType: 'INSPECTION_REPORT',
  productName: '快速充电器',
  model: 'QC-65W',
  manufacturer: '东莞市优能电子科技有限公司',
  issueDate: '2025-03-14',
});
const fields = (n: string) => ({
  ...report(n),
  issuerName: '深圳明鉴检测技术有限公司',
  accreditationNumbers: ['CNAS L9912'],
  documentType: undefined,
});

// Isolated (the default: handlers on invocation threads, whose writes reach the HTTP thread's
// change feed over the worker port) and in-process (every handler on the HTTP thread).
describe.each([{ isolate: true }, { isolate: false }])('e2e: webhooks on the local runtime (isolate: $isolate)', ({ isolate }) => {
  let server: LocalServer;
  let receiver: Receiver;
  let dataDir: string;
  let admin: string;
  const keys: Record<string, string> = {};

  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  const subscribe = async (who: string, path: string, events: string[], answer?: (attempt: number) => number) => {
    const res = await call('POST', '/webhooks', keys[who] ?? who, { url: receiver.url(path), events });
    expect(res.status).toBe(201);
    receiver.endpoint(path, res.body.secret as string, answer);
    return res.body;
  };

  const verify = async (who: string, n: string, sellerId: string) => {
    const res = await call('POST', '/verifications', keys[who] as string, { fields: fields(n), sellerId, listingId: `listing-${n}` });
    expect([res.status, res.body.verdict]).toStrictEqual([200, 'AUTHENTIC']);
    return res.body.verificationId as string;
  };

  const at = (path: string, type?: string) => (r: Receipt[]) => r.filter((x) => x.path === path && (type === undefined || x.event?.type === type));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-webhooks-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true, webhookRetryScale: 0.001, isolate });
    receiver = await startReceiver();
    admin = (JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { admin: string }).admin;
    for (const p of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
      keys[p] = (await call('POST', '/api-keys', admin, { role: 'platform', platformId: p })).body.apiKey as string;
    }
    keys.investigator = (await call('POST', '/api-keys', admin, { role: 'investigator' })).body.apiKey as string;
    for (const n of ['000001', '000002', '000003', '000004', '000005', '000006']) {
      expect((await call('POST', `/issuers/${issuerId}/reports`, admin, report(n))).status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers an endpoint with a secret shown once, and lists it without the secret', async () => {
    const created = await subscribe('alpha', '/alpha', ['verification.completed', 'verification.invalidated']);
    expect(created).toStrictEqual({
      webhookId: expect.stringMatching(/^wh_[a-z0-9]{20}$/),
      url: receiver.url('/alpha'),
      events: ['verification.completed', 'verification.invalidated'],
      state: 'ENABLED',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
      createdAt: expect.any(String),
    });
    expect(Buffer.from((created.secret as string).slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const listed = await call('GET', '/webhooks', keys.alpha as string);
    expect(listed).toStrictEqual({ status: 200, body: { items: [{ webhookId: created.webhookId, url: receiver.url('/alpha'), events: created.events, state: 'ENABLED', createdAt: created.createdAt }] } });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect((await call('GET', '/webhooks', keys.beta as string)).body).toStrictEqual({ items: [] });
  });

  it('refuses an event type the caller may not receive (403) and an unknown one (422)', async () => {
    // Prepare
    const forbidden = await call('POST', '/webhooks', keys.alpha as string, { url: receiver.url('/x'), events: ['report.status_changed'] });
    const unknown = await call('POST', '/webhooks', keys.alpha as string, { url: receiver.url('/x'), events: ['verification.exploded'] });
    const notUrl = await call('POST', '/webhooks', keys.alpha as string, { url: 'ftp://example.org/hook', events: ['verification.completed'] });
    // Act & Assess
    expect([forbidden.status, forbidden.body.code, unknown.status, unknown.body.code, notUrl.status, notUrl.body.code]).toStrictEqual([
      403, 'FORBIDDEN', 422, 'VALIDATION_FAILED', 422, 'VALIDATION_FAILED',
    ]);
  });

  it('sends verification.invalidated within 2 s of PATCH … REVOKED, signed, only to the platform that verified it', async () => {
    await subscribe('beta', '/beta', ['verification.completed', 'verification.invalidated']);
    await subscribe('investigator', '/staff', ['report.status_changed']);
    const alphaVerification = await verify('alpha', '000001', 'seller-a');
    const betaVerification = await verify('beta', '000002', 'seller-b');
    await receiver.waitFor((r) => at('/alpha', 'verification.completed')(r).length === 1 && at('/beta', 'verification.completed')(r).length === 1);

    const patched = Date.now();
    expect((await call('PATCH', `/issuers/${issuerId}/reports/MJ2026-000001`, admin, { status: 'REVOKED', reason: 'sample swapped' })).status).toBe(200);
    const receipts = await receiver.waitFor((r) => at('/alpha', 'verification.invalidated')(r).length === 1 && at('/staff')(r).length === 1, 2000);
    const [invalidated] = at('/alpha', 'verification.invalidated')(receipts);
    expect((invalidated?.at ?? Infinity) - patched).toBeLessThan(2000);
    expect(invalidated).toMatchObject({
      verified: true,
      event: {
        type: 'verification.invalidated',
        data: {
          verificationId: alphaVerification,
          reportNumber: 'MJ2026-000001',
          issuerId,
          previousVerdict: 'AUTHENTIC',
          sellerId: 'seller-a',
          listingId: 'listing-000001',
          reason: { kind: 'REPORT_STATUS', status: 'REVOKED' },
        },
      },
    });
    expect(at('/staff')(receipts)[0]).toMatchObject({
      verified: true,
      event: { type: 'report.status_changed', data: { issuerId, reportNumber: 'MJ2026-000001', status: 'REVOKED', previousStatus: 'VALID', reason: 'sample swapped' } },
    });
    await new Promise((r) => setTimeout(r, 200));
    const beta = at('/beta')(receiver.receipts);
    expect(beta.map((r) => [r.event?.type, r.event?.data.verificationId, r.verified])).toStrictEqual([['verification.completed', betaVerification, true]]);
    const alpha = at('/alpha')(receiver.receipts);
    expect(alpha.every((r) => r.verified && r.event?.data.verificationId === alphaVerification)).toBe(true);
  });

  it('retries a 500 with the same webhook-id and logs the delivery', async () => {
    const hook = await subscribe('gamma', '/gamma', ['verification.completed'], (attempt) => (attempt === 1 ? 500 : 200));
    const verificationId = await verify('gamma', '000003', 'seller-g');
    const receipts = await receiver.waitFor((r) => at('/gamma')(r).length === 2);
    const [first, second] = at('/gamma')(receipts) as [Receipt, Receipt];
    expect([first.status, second.status, first.id === second.id, first.verified, second.verified]).toStrictEqual([500, 200, true, true, true]);
    expect(second.at - first.at).toBeGreaterThanOrEqual(5);
    expect(second.event?.data.verificationId).toBe(verificationId);
    await server.webhooks.settled();
    const log = await call('GET', `/webhooks/${hook.webhookId as string}/deliveries`, keys.gamma as string);
    expect(log).toStrictEqual({
      status: 200,
      body: { items: [{ deliveryId: first.id, type: 'verification.completed', state: 'DELIVERED', attempts: 2, lastStatus: 200, createdAt: expect.any(String) }] },
    });
    expect((await call('GET', `/webhooks/${hook.webhookId as string}/deliveries`, keys.alpha as string)).status).toBe(404);
  });

  it('disables an endpoint that answers 410 and sends it nothing more', async () => {
    const hook = await subscribe('delta', '/delta', ['verification.completed'], () => 410);
    await verify('delta', '000004', 'seller-d');
    await receiver.waitFor((r) => at('/delta')(r).length === 1);
    await server.webhooks.settled();
    const listed = await call('GET', '/webhooks', keys.delta as string);
    expect((listed.body.items as Json[]).map((w) => [w.webhookId, w.state])).toStrictEqual([[hook.webhookId, 'DISABLED']]);
    await verify('delta', '000005', 'seller-d');
    await new Promise((r) => setTimeout(r, 300));
    await server.webhooks.settled();
    expect(at('/delta')(receiver.receipts).length).toBe(1);
  });

  it('sends nothing to a deleted webhook', async () => {
    const hook = await subscribe('epsilon', '/epsilon', ['verification.completed']);
    expect((await call('DELETE', `/webhooks/${hook.webhookId as string}`, keys.alpha as string)).status).toBe(404);
    expect((await call('DELETE', `/webhooks/${hook.webhookId as string}`, keys.epsilon as string)).status).toBe(204);
    await verify('epsilon', '000006', 'seller-e');
    await new Promise((r) => setTimeout(r, 300));
    await server.webhooks.settled();
    expect(at('/epsilon')(receiver.receipts)).toStrictEqual([]);
    expect((await call('GET', `/webhooks/${hook.webhookId as string}/deliveries`, keys.epsilon as string)).status).toBe(404);
  });
});

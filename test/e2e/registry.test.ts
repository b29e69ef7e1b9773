import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';

describe('e2e: registry over HTTP on the local runtime', () => {
  let server: LocalServer;
  let dataDir: string;
  let admin: string;
  let issuerKey: string;

  const call = async (method: string, path: string, options: { key?: string; body?: unknown; raw?: string } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certverify-e2e-'));
    server = await startLocalServer({ port: 0, dataDir, inMemory: true });
    const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { admin: string };
    admin = keys.admin;
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the demo registry and writes demo keys for every role', async () => {
    const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(keys).sort()).toStrictEqual(['admin', 'investigator', 'issuers', 'platform']);
    const issuers = await call('GET', '/issuers', { key: keys.platform as string });
    expect((issuers.body?.items as { issuerId: string; demo: boolean }[]).map((i) => [i.issuerId, i.demo]).sort()).toStrictEqual([
      ['eastbay-inspection', true],
      ['lumiere-gem-lab', true],
      ['mingjian-testing', true],
      ['northstar-cert', true],
    ]);
  });

  it('lets an admin create an issuer and its key, and the issuer register, withdraw and look up a report', async () => {
    const issuer = await call('PUT', '/issuers/e2e-lab', {
      key: admin,
      body: { name: 'E2E Testing Lab Co., Ltd.', accreditations: [{ scheme: 'CNAS', number: 'L6001', validFrom: '2021-01-01', status: 'ACTIVE' }], registersAllReports: true },
    });
    expect(issuer.status).toBe(201);

    const key = await call('POST', '/api-keys', { key: admin, body: { role: 'issuer', issuerId: 'e2e-lab', label: 'e2e' } });
    expect(key.status).toBe(201);
    issuerKey = key.body?.apiKey as string;

    const report = { reportNumber: 'E2E-0001', documentType: 'CERTIFICATE', productName: 'Widget', issueDate: '2025-06-01', validUntil: '2028-05-31' };
    expect((await call('POST', '/issuers/e2e-lab/reports', { key: issuerKey, body: report })).status).toBe(201);
    expect((await call('POST', '/issuers/e2e-lab/reports', { key: issuerKey, body: report })).status).toBe(200);
    const conflict = await call('POST', '/issuers/e2e-lab/reports', { key: issuerKey, body: { ...report, productName: 'Gadget' } });
    expect([conflict.status, conflict.type, conflict.body?.code]).toStrictEqual([409, 'application/problem+json', 'REPORT_ALREADY_REGISTERED']);

    const withdrawn = await call('PATCH', '/issuers/e2e-lab/reports/E2E-0001', { key: issuerKey, body: { status: 'WITHDRAWN', reason: 'issued in error' } });
    expect(withdrawn.status).toBe(200);
    const full = await call('GET', '/issuers/e2e-lab/reports/E2E-0001', { key: issuerKey });
    expect((full.body?.history as { status: string; reason: string }[]).map((h) => `${h.status}:${h.reason}`)).toStrictEqual([
      'VALID:registered',
      'WITHDRAWN:issued in error',
    ]);

    const lookup = await call('GET', '/issuers/e2e-lab/reports/E2E-0001?issueDate=2025-06-01');
    expect(lookup).toStrictEqual({
      status: 200,
      type: 'application/json',
      body: { issuerId: 'e2e-lab', reportNumber: 'E2E-0001', status: 'WITHDRAWN', productName: 'Widget', issueDate: '2025-06-01' },
    });
    const noFactor = await call('GET', '/issuers/e2e-lab/reports/E2E-0001');
    expect([noFactor.status, noFactor.body?.code]).toStrictEqual([400, 'ISSUE_DATE_REQUIRED']);
  });

  it('answers 401 and 403 as API.md says', async () => {
    // Prepare
    const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as { platform: string; issuers: Record<string, string> };
    const cases = [
      await call('GET', '/api-keys'),
      await call('GET', '/api-keys', { key: 'cvk_000000000000_notarealkeynotarealkeynotarealkey00' }),
      await call('GET', '/api-keys', { key: keys.platform }),
      await call('POST', '/issuers/e2e-lab/reports', { key: keys.issuers['mingjian-testing'], body: { reportNumber: 'X1', documentType: 'OTHER', productName: 'x', issueDate: '2025-01-01' } }),
    ];
    // Act & Assess
    expect(cases.map((c) => [c.status, c.type, c.body?.code])).toStrictEqual([
      [401, 'application/problem+json', 'UNAUTHENTICATED'],
      [401, 'application/problem+json', 'UNAUTHENTICATED'],
      [403, 'application/problem+json', 'FORBIDDEN'],
      [403, 'application/problem+json', 'FORBIDDEN'],
    ]);
  });

  it('answers 422 with the failing paths, 400 to broken JSON and 404 to unknown routes', async () => {
    const invalid = await call('POST', '/issuers/e2e-lab/reports', { key: issuerKey, body: { reportNumber: '', documentType: 'MEMO', issueDate: '2025-13-01' } });
    expect(invalid.status).toBe(422);
    expect((invalid.body?.errors as { path: string }[]).map((e) => e.path)).toStrictEqual([
      'body.reportNumber',
      'body.documentType',
      'body.productName',
      'body.issueDate',
    ]);
    const broken = await call('POST', '/issuers/e2e-lab/reports', { key: issuerKey, raw: '{"reportNumber":' });
    expect([broken.status, broken.body?.code]).toStrictEqual([400, 'MALFORMED_REQUEST']);
    const unknown = await call('GET', '/nope');
    expect([unknown.status, unknown.type, unknown.body?.code]).toStrictEqual([404, 'application/problem+json', 'ROUTE_NOT_FOUND']);
  });

  it('revokes a deleted key at once', async () => {
    // Prepare
    const made = await call('POST', '/api-keys', { key: admin, body: { role: 'investigator' } });
    const key = made.body?.apiKey as string;
    // Act & Assess
    expect((await call('GET', '/fraud-patterns', { key })).status).toBe(200);
    expect((await call('DELETE', `/api-keys/${made.body?.keyId as string}`, { key: admin })).status).toBe(204);
    expect((await call('GET', '/fraud-patterns', { key })).status).toBe(401);
  });
});

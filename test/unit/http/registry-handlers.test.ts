import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHandler as healthOf } from '#functions/health/handler.ts';
import { createHandler as putIssuerOf } from '#functions/put-issuer/handler.ts';
import { createHandler as getIssuerOf } from '#functions/get-issuer/handler.ts';
import { createHandler as createApiKeyOf } from '#functions/create-api-key/handler.ts';
import { createHandler as deleteApiKeyOf } from '#functions/delete-api-key/handler.ts';
import { createHandler as registerReportOf } from '#functions/register-report/handler.ts';
import { createHandler as changeStatusOf } from '#functions/change-report-status/handler.ts';
import { createHandler as getReportOf } from '#functions/get-report/handler.ts';
import { createHandler as createPatternOf } from '#functions/create-fraud-pattern/handler.ts';
import { createHandler as listPatternsOf } from '#functions/list-fraud-patterns/handler.ts';
import { createHandler as openapiOf } from '#functions/openapi/handler.ts';
import { Routes } from '#shared/http/routes.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { httpEvent, invoke, problemOf } from '../../support/events.ts';
import { freshRepositories } from '../../support/store.ts';
import { testDeps } from '../../support/runtime.ts';

const issuerBody = {
  name: '杭州示例检测有限公司',
  accreditations: [{ scheme: 'CNAS', number: 'L4321', validFrom: '2020-01-01', status: 'ACTIVE' }],
  reportNumberPatterns: ['^HZ\\d{6}$'],
  registersAllReports: true,
};
const reportBody = { reportNumber: 'HZ000001', documentType: 'INSPECTION_REPORT', productName: '插座', issueDate: '2025-03-14' };

describe('registry handlers', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let admin: string;
  let issuerKey: string;
  let otherIssuerKey: string;
  let platform: string;
  let health: ReturnType<typeof healthOf>;
  let putIssuer: ReturnType<typeof putIssuerOf>;
  let getIssuer: ReturnType<typeof getIssuerOf>;
  let createApiKey: ReturnType<typeof createApiKeyOf>;
  let deleteApiKey: ReturnType<typeof deleteApiKeyOf>;
  let registerReport: ReturnType<typeof registerReportOf>;
  let changeStatus: ReturnType<typeof changeStatusOf>;
  let getReport: ReturnType<typeof getReportOf>;
  let createPattern: ReturnType<typeof createPatternOf>;
  let listPatterns: ReturnType<typeof listPatternsOf>;
  let openapi: ReturnType<typeof openapiOf>;

  beforeAll(async () => {
    engine = await startDynalite();
    repos = await freshRepositories(engine.endpoint);
    const deps = testDeps(repos);
    health = healthOf(deps);
    putIssuer = putIssuerOf(deps);
    getIssuer = getIssuerOf(deps);
    createApiKey = createApiKeyOf(deps);
    deleteApiKey = deleteApiKeyOf(deps);
    registerReport = registerReportOf(deps);
    changeStatus = changeStatusOf(deps);
    getReport = getReportOf(deps);
    createPattern = createPatternOf(deps);
    listPatterns = listPatternsOf(deps);
    openapi = openapiOf(deps);

    admin = (await repos.apiKeys.create({ role: 'admin' })).apiKey;
    platform = (await repos.apiKeys.create({ role: 'platform', platformId: 'shop' })).apiKey;
    await repos.issuers.put('other-lab', { name: 'Other Lab', accreditations: [] });
    otherIssuerKey = (await repos.apiKeys.create({ role: 'issuer', issuerId: 'other-lab' })).apiKey;
  });

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  describe('handler: health', () => {
    it('answers without a key', async () => {
      // Act & Assess
      expect(await invoke(health, httpEvent({ method: 'GET', route: '/health', path: '/health' }))).toStrictEqual({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: { status: 'ok' },
      });
    });
  });

  describe('handler: put-issuer', () => {
    const put = (body: unknown, apiKey?: string, issuerId = 'hz-lab') =>
      invoke(putIssuer, httpEvent({ method: 'PUT', route: '/issuers/{issuerId}', path: `/issuers/${issuerId}`, pathParameters: { issuerId }, body, apiKey }));

    it('creates (201) and then replaces (200)', async () => {
      // Act
      const created = await put(issuerBody, admin);
      const replaced = await put(issuerBody, admin);

      // Assess
      expect(created).toStrictEqual({
        statusCode: 201,
        headers: { 'content-type': 'application/json' },
        body: { ...issuerBody, issuerId: 'hz-lab', createdAt: expect.any(String), updatedAt: expect.any(String) },
      });
      expect(replaced.statusCode).toBe(200);
    });

    it('rejects a missing key (401), a platform key (403) and every invalid field (422)', async () => {
      // Act & Assess
      expect(await put(issuerBody)).toStrictEqual(
        problemOf(401, 'UNAUTHENTICATED', { title: 'Unauthenticated', detail: 'This route needs an API key: Authorization: Bearer <apiKey>.' }, { 'www-authenticate': 'Bearer realm="certverify"' }),
      );
      expect(await put(issuerBody, 'cvk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')).toStrictEqual(
        problemOf(401, 'UNAUTHENTICATED', { title: 'Unauthenticated', detail: 'Unknown or revoked API key.' }, { 'www-authenticate': 'Bearer realm="certverify"' }),
      );
      expect(await put(issuerBody, platform)).toStrictEqual(
        problemOf(403, 'FORBIDDEN', { title: 'Forbidden', detail: 'A platform key may not call this route.' }),
      );
      expect(
        await put({ name: 'x', accreditations: [{ scheme: 'NOPE', number: '', validFrom: '2025-02-30', status: 'ACTIVE' }], reportNumberPatterns: ['('] }, admin, 'Bad_Id'),
      ).toStrictEqual(
        problemOf(422, 'VALIDATION_FAILED', {
          title: 'Validation failed',
          detail: 'The request has 6 invalid field(s).',
          errors: [
            { path: 'path.issuerId', message: expect.any(String) },
            { path: 'body.name', message: expect.any(String) },
            { path: 'body.accreditations.0.scheme', message: expect.any(String) },
            { path: 'body.accreditations.0.number', message: expect.any(String) },
            { path: 'body.accreditations.0.validFrom', message: 'not a calendar date' },
            { path: 'body.reportNumberPatterns.0', message: 'not a valid regular expression: error parsing regexp: missing closing ): `(`' },
          ],
        }),
      );
    });

    it('answers 400 to a body that is not JSON', async () => {
      // Act & Assess
      expect(await put('{"name": ', admin)).toStrictEqual(
        problemOf(400, 'MALFORMED_REQUEST', { title: 'Malformed request', detail: 'The body is not valid JSON.' }),
      );
    });
  });

  describe('handler: create-api-key and delete-api-key', () => {
    it('creates an issuer key only for an existing issuer, and a deleted key stops working', async () => {
      // Prepare
      const create = (body: unknown) => invoke(createApiKey, httpEvent({ method: 'POST', route: '/api-keys', path: '/api-keys', body, apiKey: admin }));

      // Act
      const missing = await create({ role: 'issuer', issuerId: 'no-such-lab' });
      const made = await create({ role: 'issuer', issuerId: 'hz-lab', label: 'HZ' });

      // Assess
      expect(missing).toStrictEqual(
        problemOf(422, 'VALIDATION_FAILED', { title: 'Validation failed', detail: 'An issuer key needs an existing issuer.', errors: [{ path: 'body.issuerId', message: 'no issuer no-such-lab' }] }),
      );
      expect(made).toStrictEqual({
        statusCode: 201,
        headers: { 'content-type': 'application/json' },
        body: { keyId: expect.stringMatching(/^[a-z0-9]{12}$/), apiKey: expect.stringMatching(/^cvk_/) },
      });
      issuerKey = (made.body as { apiKey: string }).apiKey;

      // Act
      const temp = (await create({ role: 'investigator' })).body as { keyId: string; apiKey: string };
      const deleted = await invoke(deleteApiKey, httpEvent({ method: 'DELETE', route: '/api-keys/{keyId}', path: `/api-keys/${temp.keyId}`, pathParameters: { keyId: temp.keyId }, apiKey: admin }));
      // Assess
      expect(deleted).toStrictEqual({ statusCode: 204, headers: {}, body: undefined });
      expect((await invoke(listPatterns, httpEvent({ method: 'GET', route: '/fraud-patterns', path: '/fraud-patterns', apiKey: temp.apiKey }))).statusCode).toBe(401);
    });
  });

  describe('handler: register-report', () => {
    const register = (body: unknown, apiKey: string, issuerId = 'hz-lab') =>
      invoke(registerReport, httpEvent({ method: 'POST', route: '/issuers/{issuerId}/reports', path: `/issuers/${issuerId}/reports`, pathParameters: { issuerId }, body, apiKey }));

    it('registers (201), is idempotent (200) and refuses other content (409)', async () => {
      // Act
      const first = await register(reportBody, issuerKey);
      const again = await register(reportBody, issuerKey);
      const other = await register({ ...reportBody, productName: '电源' }, issuerKey);

      // Assess
      expect(first).toStrictEqual({
        statusCode: 201,
        headers: { 'content-type': 'application/json' },
        body: {
          ...reportBody,
          issuerId: 'hz-lab',
          status: 'VALID',
          history: [{ status: 'VALID', reason: 'registered', at: expect.any(String), by: expect.any(String) }],
          contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          registeredAt: expect.any(String),
          updatedAt: expect.any(String),
          passport: {
            url: expect.stringMatching(/^https:\/\/abc123def4\.execute-api\.eu-west-1\.amazonaws\.com\/r\/hz-lab\/HZ000001\?t=[A-Za-z0-9_-]{43}$/),
            credential: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
          },
        },
      });
      expect(again).toStrictEqual({ ...first, statusCode: 200 });
      expect(other).toStrictEqual(problemOf(409, 'REPORT_ALREADY_REGISTERED', { title: 'Conflict', detail: 'Report HZ000001 is already registered by hz-lab with other content.' }));
    });

    it("forbids one issuer's key on another issuer's reports", async () => {
      // Act & Assess
      expect(await register(reportBody, otherIssuerKey)).toStrictEqual(
        problemOf(403, 'FORBIDDEN', { title: 'Forbidden', detail: 'An issuer key acts only on its own issuerId.' }),
      );
    });

    it('answers 404 for an unknown issuer', async () => {
      // Act & Assess
      expect(await register(reportBody, admin, 'ghost-lab')).toStrictEqual(problemOf(404, 'ISSUER_NOT_FOUND', { title: 'Not found', detail: 'No issuer ghost-lab.' }));
    });
  });

  describe('handler: change-report-status and get-report', () => {
    const path = { issuerId: 'hz-lab', reportNumber: 'HZ000001' };
    const get = (apiKey?: string, query?: Record<string, string>) =>
      invoke(getReport, httpEvent({ method: 'GET', route: '/issuers/{issuerId}/reports/{reportNumber}', path: '/issuers/hz-lab/reports/HZ000001', pathParameters: path, apiKey, query }));

    it('withdraws a report and shows it in the history and the public lookup', async () => {
      // Act
      const changed = await invoke(changeStatus, httpEvent({ method: 'PATCH', route: '/issuers/{issuerId}/reports/{reportNumber}', path: '/issuers/hz-lab/reports/HZ000001', pathParameters: path, body: { status: 'WITHDRAWN', reason: 'wrong model' }, apiKey: issuerKey }));

      // Assess
      expect(changed.statusCode).toBe(200);
      expect((changed.body as { history: { status: string; reason: string }[] }).history.map((h) => [h.status, h.reason])).toStrictEqual([
        ['VALID', 'registered'],
        ['WITHDRAWN', 'wrong model'],
      ]);
      expect(await get(undefined, { issueDate: '2025-03-14' })).toStrictEqual({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: { issuerId: 'hz-lab', reportNumber: 'HZ000001', status: 'WITHDRAWN', productName: '插座', issueDate: '2025-03-14' },
      });
    });

    it('needs the issue date as a second factor, and a wrong one looks like an unknown number', async () => {
      // Act & Assess
      expect(await get()).toStrictEqual(problemOf(400, 'ISSUE_DATE_REQUIRED', { title: 'Malformed request', detail: 'The public lookup needs ?issueDate=YYYY-MM-DD, the date printed on the report, or ?t=<passport token>.' }));
      expect(await get(undefined, { issueDate: '2025-03-15' })).toStrictEqual(problemOf(404, 'REPORT_NOT_FOUND', { title: 'Not found', detail: 'No report HZ000001 from hz-lab with that issue date.' }));
      expect(await get(undefined, { issueDate: '14/03/2025' })).toStrictEqual(
        problemOf(422, 'VALIDATION_FAILED', { title: 'Validation failed', detail: 'The request has 1 invalid field(s).', errors: [{ path: 'query.issueDate', message: 'expected YYYY-MM-DD' }] }),
      );
    });

    it("gives the full record to the issuer's key, and nothing to another issuer's key", async () => {
      // Act
      const full = await get(issuerKey);
      // Assess
      expect(full.statusCode).toBe(200);
      expect(full.body).toHaveProperty('history');
      expect(await get(otherIssuerKey)).toStrictEqual(problemOf(403, 'FORBIDDEN', { title: 'Forbidden', detail: 'An issuer key acts only on its own issuerId.' }));
    });
  });

  describe('handler: create-fraud-pattern', () => {
    it('creates a pattern for an investigator or admin and refuses a platform', async () => {
      // Prepare
      const body = { kind: 'PHRASE', value: '代办', severity: 'HIGH' };
      // Act
      const created = await invoke(createPattern, httpEvent({ method: 'POST', route: '/fraud-patterns', path: '/fraud-patterns', body, apiKey: admin }));
      const refused = await invoke(createPattern, httpEvent({ method: 'POST', route: '/fraud-patterns', path: '/fraud-patterns', body, apiKey: platform }));

      // Assess
      expect(created).toStrictEqual({
        statusCode: 201,
        headers: { 'content-type': 'application/json' },
        body: { id: expect.stringMatching(/^fp_/), ...body, match: 'EXACT', createdAt: expect.any(String), createdBy: expect.any(String) },
      });
      expect(refused.statusCode).toBe(403);
    });
  });

  describe('handler: openapi', () => {
    it('describes every route', async () => {
      // Act
      const res = await invoke(openapi, httpEvent({ method: 'GET', route: '/openapi.json', path: '/openapi.json' }));
      // Assess
      const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>> };

      expect(doc.openapi).toBe('3.1.0');
      for (const r of Routes) expect(doc.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    });
  });

  describe('failures', () => {
    it('answers 503 when DynamoDB throttles past retries, and never says more', async () => {
      // Prepare
      const ddb = mockClient(DynamoDBDocumentClient);
      const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' });
      // The API key is read by BatchGetItem (coalesced point reads), the issuer by GetItem: both throttled.
      ddb.on(GetCommand).rejects(throttled);
      ddb.on(BatchGetCommand).rejects(throttled);
      // Act & Assess
      try {
        expect(await invoke(getIssuer, httpEvent({ method: 'GET', route: '/issuers/{issuerId}', path: '/issuers/hz-lab', pathParameters: { issuerId: 'hz-lab' }, apiKey: admin }))).toStrictEqual(
          problemOf(503, 'DEPENDENCY_UNAVAILABLE', { title: 'Service unavailable', detail: 'A dependency (dynamodb) is unavailable. Nothing was decided; retry later.' }, { 'retry-after': '5' }),
        );
      } finally {
        ddb.restore();
      }
    });

    it('answers 500 to a programming error without leaking it', async () => {
      // Prepare
      const broken = { ...repos, issuers: { get: () => Promise.reject(new TypeError('cannot read x of undefined at /var/task/secret.js')) } } as unknown as Repositories;
      const brokenGetIssuer = getIssuerOf(testDeps(broken));

      // Act
      const res = await invoke(brokenGetIssuer, httpEvent({ method: 'GET', route: '/issuers/{issuerId}', path: '/issuers/hz-lab', pathParameters: { issuerId: 'hz-lab' }, apiKey: admin }));

      // Assess
      expect(res).toStrictEqual(
        problemOf(500, 'INTERNAL_ERROR', { title: 'Internal error', detail: 'Something went wrong on our side. It has been logged; retrying later may help.' }),
      );
      expect(JSON.stringify(res)).not.toContain('secret');
    });
  });
});

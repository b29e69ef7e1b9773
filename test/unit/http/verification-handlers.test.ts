import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DetectDocumentTextCommand, TextractClient } from '@aws-sdk/client-textract';
import sharp from 'sharp';
import { createHandler as createVerificationOf } from '#functions/create-verification/handler.ts';
import { createHandler as getVerificationOf } from '#functions/get-verification/handler.ts';
import { createHandler as listVerificationsOf } from '#functions/list-verifications/handler.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { InMemoryTextResultCache } from '#shared/store/textract-result-cache.ts';
import type { DemoKeys } from '#local/seed/seed.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { demoRepositories } from '../../support/demo-store.ts';
import { httpEvent, invoke, problemOf } from '../../support/events.ts';
import { testDeps } from '../../support/runtime.ts';

type Handler = ReturnType<typeof createVerificationOf>;
const postTo = (handler: Handler, body: unknown, apiKey: string, headers: Record<string, string> = {}) =>
  invoke(handler, httpEvent({ method: 'POST', route: '/verifications', path: '/verifications', body, apiKey, headers }));

describe('verification handlers', () => {
  let engine: Engine;
  let repos: Repositories & { destroy: () => void };
  let keys: DemoKeys;
  let createVerification: Handler;
  let getVerification: ReturnType<typeof getVerificationOf>;
  let listVerifications: ReturnType<typeof listVerificationsOf>;
  const post = (body: unknown, apiKey: string, headers: Record<string, string> = {}) => postTo(createVerification, body, apiKey, headers);

  beforeAll(async () => {
    engine = await startDynalite();
    ({ repos, keys } = await demoRepositories(engine.endpoint));
    const deps = testDeps(repos);
    createVerification = createVerificationOf(deps);
    getVerification = getVerificationOf(deps);
    listVerifications = listVerificationsOf(deps);
  });

  afterAll(async () => {
    repos.destroy();
    await engine.stop();
  });

  describe('handler: create-verification', () => {
    it('verifies typed-in fields and answers the whole verification', async () => {
      // Prepare
      const at = <T>(value: T) => ({ value, confidence: 1, source: { page: 0 } });
      const typed = { reportNumber: 'MJ2025-000342', issuerName: '明鉴检测', productName: '电源适配器', issueDate: '2025-05-20' };
      const platform = await repos.apiKeys.authenticate(keys.platform);
      // Act
      const res = await post({ fields: typed, sellerId: 'seller-7' }, keys.platform);
      // Assess: the whole response; the checks by name, status and code
      const body = res.body as { checks: Array<{ name: string; status: string; code: string }> };
      expect(res).toStrictEqual({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: {
          verificationId: expect.stringMatching(/^v_[a-z0-9]{21}$/),
          verdict: 'FRAUDULENT',
          riskScore: 90,
          summary: { en: 'Fraudulent: the issuer revoked report MJ2025-000342.', zh: '伪造：出具机构已撤销报告MJ2025-000342。' },
          checks: expect.any(Array),
          extracted: {
            textSource: 'fields',
            fields: { reportNumber: at(typed.reportNumber), issuerName: at(typed.issuerName), productName: at(typed.productName), issueDate: at(typed.issueDate) },
          },
          issuerId: 'mingjian-testing',
          reportNumber: 'MJ2025-000342',
          sellerId: 'seller-7',
          presentedProduct: '电源适配器',
          submittedBy: { keyId: platform?.keyId, role: 'platform', platformId: 'demo-marketplace' },
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        },
      });
      expect(body.checks.map((c) => `${c.name} ${c.status} ${c.code}`)).toStrictEqual([
        'issuer-known PASS KNOWN_BY_ALIAS',
        'issuer-name PASS REGISTERED_ALIAS',
        'accreditation-matches-issuer SKIPPED NOT_APPLICABLE',
        'accreditation-valid-at-issue PASS ACTIVE_AT_ISSUE',
        'accreditation-scope PASS IN_SCOPE',
        'report-number-pattern PASS MATCHES_PATTERN',
        'report-registered FAIL REVOKED',
        'fields-match PASS MATCH',
        'document-hash SKIPPED NOT_APPLICABLE',
        'fraud-patterns PASS NO_MATCH',
        'validity SKIPPED NOT_APPLICABLE',
        'dates-plausible PASS PLAUSIBLE',
        'qr-code SKIPPED NOT_APPLICABLE',
        'pdf-forensics SKIPPED NOT_APPLICABLE',
        'claimed-product SKIPPED NOT_APPLICABLE',
        'reuse PASS NO_REUSE',
        'credential SKIPPED NOT_APPLICABLE',
      ]);
    });

    it('refuses issuer keys, and fields without a report number', async () => {
      // Act & Assess
      expect((await post({ fields: { reportNumber: 'X' } }, keys.issuers['mingjian-testing'] ?? '')).statusCode).toBe(403);
      expect(await post({ fields: { productName: 'x' } }, keys.platform)).toStrictEqual(
        problemOf(422, 'VALIDATION_FAILED', { title: 'Validation failed', detail: 'Invalid fields request.', errors: [{ path: 'body.fields.reportNumber', message: expect.any(String) }] }),
      );
    });

    it('answers 503 when Textract throttles past its retries, and stores nothing', async () => {
      // Prepare
      const client = new TextractClient({ region: 'eu-west-1' });
      const textract = mockClient(client);
      textract.on(DetectDocumentTextCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: {} }));
      const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
      const withTextract = createVerificationOf(
        testDeps(repos, { ocr: { engine: 'textract', textract: { client, cache: new InMemoryTextResultCache(), features: [] } } }),
      );
      const before = await repos.verifications.search({ limit: 100, sellerId: 'seller-textract' });

      // Act
      const res = await postTo(withTextract, { document: { contentBase64: png.toString('base64'), filename: 'scan.png' }, sellerId: 'seller-textract' }, keys.platform);

      // Assess
      expect(res).toStrictEqual(
        problemOf(503, 'DEPENDENCY_UNAVAILABLE', { title: 'Service unavailable', detail: 'A dependency (textract) is unavailable. Nothing was decided; retry later.' }, { 'retry-after': '5' }),
      );
      // One send per page from our code: the retries are the SDK's own (counted in test/unit/text/textract-retries.test.ts).
      expect(textract.commandCalls(DetectDocumentTextCommand)).toHaveLength(1);
      expect((await repos.verifications.search({ limit: 100, sellerId: 'seller-textract' })).items).toStrictEqual(before.items);
    }, 60_000);
  });

  describe('handler: get-verification and list-verifications', () => {
    it('answers 404 for an unknown id and 422 for a malformed one', async () => {
      // Prepare
      const get = (id: string) => invoke(getVerification, httpEvent({ method: 'GET', route: '/verifications/{verificationId}', path: `/verifications/${id}`, pathParameters: { verificationId: id }, apiKey: keys.investigator }));

      // Act & Assess
      expect(await get('v_0000000000000000000000')).toStrictEqual(problemOf(404, 'VERIFICATION_NOT_FOUND', { title: 'Not found', detail: 'No verification v_0000000000000000000000.' }));
      expect((await get('nope')).statusCode).toBe(422);
    });

    it('refuses a platform key and validates the filters', async () => {
      // Prepare
      const list = (query: Record<string, string>, apiKey: string) => invoke(listVerifications, httpEvent({ method: 'GET', route: '/verifications', path: '/verifications', query, apiKey }));

      // Act & Assess
      expect((await list({}, keys.platform)).statusCode).toBe(403);
      expect(await list({ verdict: 'MAYBE', limit: '0' }, keys.investigator)).toStrictEqual(
        problemOf(422, 'VALIDATION_FAILED', {
          title: 'Validation failed',
          detail: 'The request has 2 invalid field(s).',
          errors: [
            { path: 'query.limit', message: expect.any(String) },
            { path: 'query.verdict', message: expect.any(String) },
          ],
        }),
      );
      expect(await list({ cursor: 'tampered.cursor' }, keys.investigator)).toStrictEqual(problemOf(400, 'INVALID_CURSOR', { title: 'Invalid cursor', detail: 'The cursor is not one this API issued for this query.' }));
    });
  });
});

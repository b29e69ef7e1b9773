import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ApiKey, CreateApiKeyInput, CreatedApiKey } from '#shared/domain/api-key.ts';
import { ApiKeyId, FraudPatternId, IssuerId, Page, PageQuery, ReportNumber, VerificationId } from '#shared/domain/common.ts';
import { FraudPattern, FraudPatternInput, FraudPatternListQuery } from '#shared/domain/fraud-pattern.ts';
import { Issuer, IssuerInput, IssuerSearchQuery } from '#shared/domain/issuer.ts';
import {
  PublicLookupQuery,
  PublicReportView,
  RegisteredReport,
  RegisterReportInput,
  ReportStatusChangeInput,
} from '#shared/domain/report.ts';
import {
  PendingVerification,
  Presentation,
  Submission,
  UploadRequest,
  Verification,
  VerificationListQuery,
  VerifyDocumentRequest,
  VerifyFieldsRequest,
} from '#shared/domain/verification.ts';
import { CreatedWebhook, CreateWebhookInput, Webhook, WebhookDelivery, WebhookIdPath } from '#shared/domain/webhook.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers
 * validate with. A test checks that every route in routes.ts is described.
 */
const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable; switch on this'),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [String(s), { description: 'Problem details (RFC 9457)', content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } }]),
  );
const secured = { security: [{ apiKey: [] }] };
const op = (o: ZodOpenApiOperationObject): ZodOpenApiOperationObject => o;

const issuerPath = z.object({ issuerId: IssuerId });
const reportPath = z.object({ issuerId: IssuerId, reportNumber: ReportNumber });
const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const Multipart = Submission.extend({ file: z.string().meta({ format: 'binary' }) });

const paths: ZodOpenApiPathsObject = {
  '/health': { get: op({ summary: 'Liveness', responses: { '200': json(z.object({ status: z.literal('ok') }), 'Up') } }) },
  '/openapi.json': { get: op({ summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } }) },
  '/api-keys': {
    post: op({ ...secured, summary: 'Create an API key (admin)', requestBody: { content: { 'application/json': { schema: CreateApiKeyInput } } }, responses: { '201': json(CreatedApiKey, 'Created; the key is shown once'), ...problems(400, 401, 403, 422) } }),
    get: op({ ...secured, summary: 'List API keys (admin), never the keys', requestParams: { query: PageQuery }, responses: { '200': json(Page(ApiKey), 'Keys'), ...problems(400, 401, 403) } }),
  },
  '/api-keys/{keyId}': {
    delete: op({ ...secured, summary: 'Revoke an API key at once (admin)', requestParams: { path: z.object({ keyId: ApiKeyId }) }, responses: { '204': { description: 'Revoked' }, ...problems(401, 403, 404) } }),
  },
  '/issuers': {
    get: op({ ...secured, summary: 'Search issuers by name prefix', requestParams: { query: IssuerSearchQuery }, responses: { '200': json(Page(Issuer), 'Issuers'), ...problems(400, 401) } }),
  },
  '/issuers/{issuerId}': {
    put: op({ ...secured, summary: 'Create or replace an issuer (admin)', requestParams: { path: issuerPath }, requestBody: { content: { 'application/json': { schema: IssuerInput } } }, responses: { '200': json(Issuer, 'Replaced'), '201': json(Issuer, 'Created'), ...problems(400, 401, 403, 409, 422) } }),
    get: op({ ...secured, summary: 'Get an issuer', requestParams: { path: issuerPath }, responses: { '200': json(Issuer, 'Issuer'), ...problems(401, 404) } }),
  },
  '/issuers/{issuerId}/reports': {
    post: op({ ...secured, summary: 'Register a report (issuer or admin)', requestParams: { path: issuerPath }, requestBody: { content: { 'application/json': { schema: RegisterReportInput } } }, responses: { '200': json(RegisteredReport, 'Already registered with the same content'), '201': json(RegisteredReport, 'Registered'), ...problems(400, 401, 403, 404, 409, 422) } }),
  },
  '/issuers/{issuerId}/reports/{reportNumber}': {
    patch: op({ ...secured, summary: 'Change a report status; kept in its history', requestParams: { path: reportPath }, requestBody: { content: { 'application/json': { schema: ReportStatusChangeInput } } }, responses: { '200': json(RegisteredReport, 'Changed'), ...problems(400, 401, 403, 404, 422) } }),
    get: op({ summary: "The full record with the issuer's key; without a key the public lookup, which needs ?issueDate", requestParams: { path: reportPath, query: PublicLookupQuery }, responses: { '200': json(z.union([RegisteredReport, PublicReportView]), 'Report'), ...problems(400, 401, 403, 404) } }),
  },
  '/fraud-patterns': {
    post: op({ ...secured, summary: 'Add a fraud pattern (investigator, admin)', requestBody: { content: { 'application/json': { schema: FraudPatternInput } } }, responses: { '201': json(FraudPattern, 'Created'), ...problems(400, 401, 403, 409, 422) } }),
    get: op({ ...secured, summary: 'List fraud patterns', requestParams: { query: FraudPatternListQuery }, responses: { '200': json(Items(FraudPattern), 'Patterns'), ...problems(401, 403, 422) } }),
  },
  '/fraud-patterns/{id}': {
    delete: op({ ...secured, summary: 'Delete a fraud pattern', requestParams: { path: z.object({ id: FraudPatternId }) }, responses: { '204': { description: 'Deleted' }, ...problems(401, 403, 404) } }),
  },
  '/verifications': {
    post: op({
      ...secured,
      summary: 'Verify a document or typed-in fields (platform)',
      requestBody: {
        content: {
          'multipart/form-data': { schema: Multipart },
          'application/json': { schema: z.union([VerifyDocumentRequest, VerifyFieldsRequest]) },
        },
      },
      responses: { '200': json(Verification, 'The verdict'), ...problems(400, 401, 403, 413, 415, 422, 429, 503) },
    }),
    get: op({ ...secured, summary: 'Search verifications (investigator, admin); always a Query on an index', requestParams: { query: VerificationListQuery }, responses: { '200': json(Page(Verification), 'Verifications'), ...problems(400, 401, 403, 422) } }),
  },
  '/verifications/{verificationId}': {
    get: op({ ...secured, summary: 'A verification, or { status: PENDING } while an upload is processed', requestParams: { path: z.object({ verificationId: VerificationId }) }, responses: { '200': json(z.union([Verification, PendingVerification]), 'Verification'), ...problems(401, 403, 404) } }),
  },
  '/reports/{reportNumber}/verifications': {
    get: op({ ...secured, summary: 'Every time a report number was presented', requestParams: { path: z.object({ reportNumber: ReportNumber }) }, responses: { '200': json(Items(Presentation), 'Presentations'), ...problems(401, 403) } }),
  },
  '/uploads': {
    post: op({ ...secured, summary: 'Get an upload URL for a large file; verified asynchronously', requestBody: { content: { 'application/json': { schema: UploadRequest } } }, responses: { '201': json(z.object({ uploadUrl: z.string(), verificationId: VerificationId, expiresAt: z.string() }), 'Upload URL'), ...problems(401, 403, 422) } }),
  },
  // Webhooks (issue 12)
  '/webhooks': {
    post: op({ ...secured, summary: 'Register a webhook endpoint; the signing secret is shown once', requestBody: { content: { 'application/json': { schema: CreateWebhookInput } } }, responses: { '201': json(CreatedWebhook, 'Registered'), ...problems(400, 401, 403, 422) } }),
    get: op({ ...secured, summary: "The caller's own webhooks, never the secret", responses: { '200': json(Items(Webhook), 'Webhooks'), ...problems(401, 403) } }),
  },
  '/webhooks/{webhookId}': {
    delete: op({ ...secured, summary: 'Delete a webhook; nothing more is sent to it', requestParams: { path: WebhookIdPath }, responses: { '204': { description: 'Deleted' }, ...problems(401, 403, 404, 422) } }),
  },
  '/webhooks/{webhookId}/deliveries': {
    get: op({ ...secured, summary: 'The delivery log of a webhook, newest first', requestParams: { path: WebhookIdPath, query: PageQuery }, responses: { '200': json(Page(WebhookDelivery), 'Deliveries'), ...problems(400, 401, 403, 404, 422) } }),
  },
};

let document: ReturnType<typeof createDocument> | undefined;

export const openApiDocument = () =>
  (document ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'certverify',
      version: '0.1.0',
      description: 'Tells an online marketplace whether an inspection report or certificate uploaded by a seller is genuine.',
    },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <apiKey>' } } },
    paths,
  }));

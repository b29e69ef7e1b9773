import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ApiKey, CreateApiKeyInput, CreatedApiKey, Principal } from '#shared/domain/api-key.ts';
import { ApiKeyId, FraudPatternId, IssuerId, Page, PageQuery, ReportNumber, VerificationId } from '#shared/domain/common.ts';
import { FraudPattern, FraudPatternInput, FraudPatternListQuery } from '#shared/domain/fraud-pattern.ts';
import { Issuer, IssuerInput, IssuerSearchQuery } from '#shared/domain/issuer.ts';
import {
  Passport,
  PublicLookupQuery,
  PublicReportView,
  RegisteredReport,
  RegisteredReportWithPassport,
  RegisterReportInput,
  ReportStatusChangeInput,
  RegisterReportsBatchInput,
  RegisterReportsBatchResult,
} from '#shared/domain/report.ts';
import { Review, ReviewInput, ReviewQueueItem, ReviewQueueQuery } from '#shared/domain/review.ts';
import {
  PendingVerification,
  Presentation,
  Submission,
  UploadRequest,
  Verification,
  VerificationListQuery,
  VerifyCredentialRequest,
  VerifyDocumentRequest,
  VerificationIdPath,
  VerifyFieldsRequest,
} from '#shared/domain/verification.ts';
import { BatchAccepted, BatchItem, BatchResultLine, BatchStatus, MAX_BATCH_ITEMS } from '#shared/domain/verification-batch.ts';
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
    post: op({ ...secured, summary: 'Register a report (issuer or admin)', requestParams: { path: issuerPath }, requestBody: { content: { 'application/json': { schema: RegisterReportInput } } }, responses: { '200': json(RegisteredReportWithPassport, 'Already registered with the same content'), '201': json(RegisteredReportWithPassport, 'Registered, with its digital passport'), ...problems(400, 401, 403, 404, 409, 422) } }),
  },
  '/issuers/{issuerId}/reports/{reportNumber}': {
    patch: op({ ...secured, summary: 'Change a report status; kept in its history', requestParams: { path: reportPath }, requestBody: { content: { 'application/json': { schema: ReportStatusChangeInput } } }, responses: { '200': json(RegisteredReport, 'Changed; the passport status bits are re-signed'), ...problems(400, 401, 403, 404, 409, 422) } }),
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
          'application/json': { schema: z.union([VerifyDocumentRequest, VerifyFieldsRequest, VerifyCredentialRequest]) },
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

  // Review, stored documents, batch registration and the web console (console, issue 10).
  '/reviews': {
    get: op({ ...secured, summary: 'The review queue: every non-AUTHENTIC verdict, highest risk first, then oldest', requestParams: { query: ReviewQueueQuery }, responses: { '200': json(Page(ReviewQueueItem), 'Queue'), ...problems(400, 401, 403, 422) } }),
  },
  '/verifications/{verificationId}/reviews': {
    post: op({ ...secured, summary: 'Decide: GENUINE, FRAUDULENT or ESCALATED; the latest review sets finalVerdict', requestParams: { path: VerificationIdPath }, requestBody: { content: { 'application/json': { schema: ReviewInput } } }, responses: { '201': json(Review, 'Review'), ...problems(400, 401, 403, 404, 422) } }),
    get: op({ ...secured, summary: 'The audit trail of a verification, oldest first', requestParams: { path: VerificationIdPath }, responses: { '200': json(Items(Review), 'Reviews'), ...problems(401, 403, 404) } }),
  },
  '/verifications/{verificationId}/document': {
    get: op({ ...secured, summary: 'The submitted document, original bytes, with their content type', requestParams: { path: VerificationIdPath }, responses: { '200': { description: 'The document', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) }, 'image/*': { schema: z.string().meta({ format: 'binary' }) } } }, ...problems(401, 403, 404) } }),
  },
  '/verifications/{verificationId}/pages/{page}': {
    get: op({ ...secured, summary: 'One page of the stored document as an image (JPEG for PDF pages), for the console; rendered once and kept, with an ETag (304 on If-None-Match)', requestParams: { path: VerificationIdPath.extend({ page: z.number().int().min(1) }) }, responses: { '200': { description: 'The page image', content: { 'image/jpeg': { schema: z.string().meta({ format: 'binary' }) } } }, '304': { description: 'Not modified (If-None-Match named the ETag)' }, ...problems(401, 403, 404, 422) } }),
  },
  '/issuers/{issuerId}/reports/batch': {
    post: op({ ...secured, summary: 'Register up to 500 reports; each item has the single call\'s semantics', requestParams: { path: issuerPath }, requestBody: { content: { 'application/json': { schema: RegisterReportsBatchInput } } }, responses: { '200': json(RegisterReportsBatchResult, 'One result per item, in order'), ...problems(400, 401, 403, 404, 422) } }),
  },
  '/whoami': {
    get: op({ ...secured, summary: 'The principal of the key: role, keyId, issuerId?, platformId?', responses: { '200': json(Principal, 'Principal'), ...problems(401) } }),
  },
  '/console': {
    get: op({ summary: 'The web console (index.html; also at /console/)', responses: { '200': { description: 'index.html', content: { 'text/html': { schema: z.string() } } } } }),
  },
  '/console/{proxy+}': {
    get: op({ summary: 'The web console (HTML, JS, CSS), with a strict Content-Security-Policy', responses: { '200': { description: 'A console asset', content: { 'text/html': { schema: z.string() } } }, '404': { description: 'No such asset' } } }),
  },

  // digital passport (issue 11)
  '/issuers/{issuerId}/reports/{reportNumber}/passport': {
    get: op({ ...secured, summary: "The report's digital passport (issuer or admin); issued on first request for earlier reports", requestParams: { path: reportPath }, responses: { '200': json(Passport, 'The passport'), ...problems(401, 403, 404) } }),
  },
  '/issuers/{issuerId}/reports/{reportNumber}/passport.svg': {
    get: op({ ...secured, summary: 'The QR code of the passport URL, as SVG for print', requestParams: { path: reportPath }, responses: { '200': { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } }, ...problems(401, 403, 404) } }),
  },
  '/.well-known/did.json': {
    get: op({ summary: 'The did:web document: every public key (current and retired) as a JsonWebKey', responses: { '200': { description: 'DID document', content: { 'application/did+json': { schema: z.object({ id: z.string(), verificationMethod: z.array(z.object({ id: z.string(), type: z.literal('JsonWebKey'), controller: z.string(), publicKeyJwk: z.record(z.string(), z.unknown()) })) }) } } } } }),
  },
  '/status-lists/{listId}': {
    get: op({ summary: 'A BitstringStatusListCredential as vc+jwt; short Cache-Control TTL, ETag, 304 on If-None-Match', requestParams: { path: z.object({ listId: z.string().meta({ example: 'revocation-1' }) }) }, responses: { '200': { description: 'vc+jwt', content: { 'application/vc+jwt': { schema: z.string() } } }, '304': { description: 'Not modified' }, ...problems(404, 422) } }),
  },
  '/r/{issuerId}/{reportNumber}': {
    get: op({
      summary: 'The public page a passport QR code opens: HTML for a person, an RFC 9264 linkset for Accept: application/linkset+json, the credential for Accept: application/vc+jwt',
      requestParams: { path: reportPath, query: z.object({ t: z.string().optional(), issueDate: z.string().optional() }) },
      responses: {
        '200': { description: 'Page, linkset or credential', content: { 'text/html': { schema: z.string() }, 'application/linkset+json': { schema: z.object({ linkset: z.array(z.record(z.string(), z.unknown())) }) }, 'application/vc+jwt': { schema: z.string() } } },
        ...problems(404, 422),
      },
    }),
  },
  // Verification batches (issue 13)
  '/verification-batches': {
    post: op({
      ...secured,
      summary: 'Verify up to 10,000 items (typed fields or stored uploads) as one batch (platform); idempotent with Idempotency-Key',
      description:
        'Each item is a VerificationBatchItem, validated on its own: an invalid item is its own 422 line in the results and never refuses the batch. On AWS the body is capped by the 6 MB request payload (about 10,000 items of typical typed fields).',
      // The handler validates the envelope (CreateBatchRequest) and each item on its own; the document shows the item shape.
      requestBody: { content: { 'application/json': { schema: z.object({ items: z.array(BatchItem).min(1).max(MAX_BATCH_ITEMS) }) } } },
      responses: { '202': json(BatchAccepted, 'Accepted; poll the batch'), ...problems(400, 401, 403, 409, 413, 422, 503) },
    }),
  },
  '/verification-batches/{batchId}': {
    get: op({ ...secured, summary: 'State and progress of a batch', requestParams: { path: z.object({ batchId: z.string() }) }, responses: { '200': json(BatchStatus, 'Progress'), ...problems(401, 403, 404) } }),
  },
  '/verification-batches/{batchId}/results': {
    get: op({
      ...secured,
      summary: 'One NDJSON line per item, in item order (the finished items while RUNNING, every item once DONE)',
      requestParams: { path: z.object({ batchId: z.string() }) },
      responses: {
        '200': { description: 'application/x-ndjson: one VerificationBatchResultLine per line', content: { 'application/x-ndjson': { schema: BatchResultLine } } },
        ...problems(401, 403, 404),
      },
    }),
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

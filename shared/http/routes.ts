/**
 * Every HTTP route, once. The local runtime routes requests with it, the CDK
 * stack creates one Lambda function per entry and grants it exactly the
 * access listed here, and the OpenAPI document is checked against it.
 */
export type TableAccess = 'none' | 'read' | 'write';

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a path parameter. */
  readonly path: string;
  /** Folder under functions/ that holds handler.ts. */
  readonly handler: string;
  readonly table: TableAccess;
  /** Runs OCR (tesseract, Textract): ships the OCR modules and may call Textract. */
  readonly ocr?: boolean;
  /** S3 access on the uploads bucket. */
  readonly uploads?: 'presign-put' | 'read';
  /** The stored documents (the uploads bucket's documents/ prefix on AWS). */
  readonly documents?: 'read' | 'write';
  /** Serves the console's built assets (copied next to the bundle). */
  readonly assets?: 'console';
  /**
   * The passport's KMS key (issue 11): 'sign' for functions that sign
   * credentials or status lists (kms:Sign only), 'public-key' for those that
   * serve or verify with the public key (kms:GetPublicKey only).
   */
  readonly kms?: 'sign' | 'public-key';
  /** Verification batches: writes the items under batches/ and starts the batch state machine. */
  readonly batches?: 'start';
}

export const Routes = [
  { method: 'GET', path: '/health', handler: 'health', table: 'none' },
  { method: 'GET', path: '/openapi.json', handler: 'openapi', table: 'none' },

  { method: 'POST', path: '/api-keys', handler: 'create-api-key', table: 'write' },
  { method: 'GET', path: '/api-keys', handler: 'list-api-keys', table: 'read' },
  { method: 'DELETE', path: '/api-keys/{keyId}', handler: 'delete-api-key', table: 'write' },

  { method: 'PUT', path: '/issuers/{issuerId}', handler: 'put-issuer', table: 'write' },
  { method: 'GET', path: '/issuers/{issuerId}', handler: 'get-issuer', table: 'read' },
  { method: 'GET', path: '/issuers', handler: 'search-issuers', table: 'read' },

  { method: 'POST', path: '/issuers/{issuerId}/reports', handler: 'register-report', table: 'write', kms: 'sign' },
  { method: 'PATCH', path: '/issuers/{issuerId}/reports/{reportNumber}', handler: 'change-report-status', table: 'write', kms: 'sign' },
  // get-report writes: failed public lookups are counted (LookupGuard, issue 14).
  { method: 'GET', path: '/issuers/{issuerId}/reports/{reportNumber}', handler: 'get-report', table: 'write' },

  { method: 'POST', path: '/fraud-patterns', handler: 'create-fraud-pattern', table: 'write' },
  { method: 'GET', path: '/fraud-patterns', handler: 'list-fraud-patterns', table: 'read' },
  { method: 'DELETE', path: '/fraud-patterns/{id}', handler: 'delete-fraud-pattern', table: 'write' },

  { method: 'POST', path: '/verifications', handler: 'create-verification', table: 'write', ocr: true, documents: 'write', kms: 'public-key' },
  { method: 'GET', path: '/verifications/{verificationId}', handler: 'get-verification', table: 'read' },
  { method: 'GET', path: '/verifications', handler: 'list-verifications', table: 'read' },
  { method: 'GET', path: '/reports/{reportNumber}/verifications', handler: 'report-verifications', table: 'read' },
  { method: 'POST', path: '/uploads', handler: 'create-upload', table: 'write', uploads: 'presign-put' },

  // Review, stored documents, batch registration and the web console (console, issue 10).
  { method: 'GET', path: '/reviews', handler: 'list-reviews', table: 'read' },
  { method: 'POST', path: '/verifications/{verificationId}/reviews', handler: 'create-review', table: 'write' },
  { method: 'GET', path: '/verifications/{verificationId}/reviews', handler: 'verification-reviews', table: 'read' },
  { method: 'GET', path: '/verifications/{verificationId}/document', handler: 'get-document', table: 'read', documents: 'read' },
  { method: 'GET', path: '/verifications/{verificationId}/pages/{page}', handler: 'get-page', table: 'read', documents: 'read', ocr: true },
  { method: 'POST', path: '/issuers/{issuerId}/reports/batch', handler: 'register-reports-batch', table: 'write' },
  { method: 'GET', path: '/whoami', handler: 'whoami', table: 'read' },
  { method: 'GET', path: '/console', handler: 'console', table: 'none', assets: 'console' },
  { method: 'GET', path: '/console/{proxy+}', handler: 'console', table: 'none', assets: 'console' },
  // Digital passport (issue 11): the issuer's passport and QR, did:web, status lists, the public page.
  { method: 'GET', path: '/issuers/{issuerId}/reports/{reportNumber}/passport', handler: 'get-passport', table: 'write', kms: 'sign' },
  { method: 'GET', path: '/issuers/{issuerId}/reports/{reportNumber}/passport.svg', handler: 'get-passport', table: 'write', kms: 'sign' },
  { method: 'GET', path: '/.well-known/did.json', handler: 'did-document', table: 'none', kms: 'public-key' },
  { method: 'GET', path: '/status-lists/{listId}', handler: 'get-status-list', table: 'read' },
  { method: 'GET', path: '/r/{issuerId}/{reportNumber}', handler: 'passport-page', table: 'read' },
  // Verification batches (issue 13): the submission writes the items to S3 and starts the state machine.
  { method: 'POST', path: '/verification-batches', handler: 'create-verification-batch', table: 'write', batches: 'start' },
  { method: 'GET', path: '/verification-batches/{batchId}', handler: 'get-verification-batch', table: 'read' },
  { method: 'GET', path: '/verification-batches/{batchId}/results', handler: 'get-verification-batch-results', table: 'read' },
  // Webhooks (issue 12). The fan-out and delivery functions are built by cdk/constructs/webhooks.ts.
  { method: 'POST', path: '/webhooks', handler: 'create-webhook', table: 'write' },
  { method: 'GET', path: '/webhooks', handler: 'list-webhooks', table: 'read' },
  { method: 'DELETE', path: '/webhooks/{webhookId}', handler: 'delete-webhook', table: 'write' },
  { method: 'GET', path: '/webhooks/{webhookId}/deliveries', handler: 'list-webhook-deliveries', table: 'read' },
] as const satisfies readonly RouteSpec[];

/** Functions that are not behind a route. */
export const EventFunctions = [
  { handler: 'verify-upload', trigger: 's3-object-created', table: 'write', ocr: true, uploads: 'read', documents: 'write' },
  { handler: 'textract-completed', trigger: 'sns-textract', table: 'write', ocr: true, uploads: 'read', documents: 'write' },
  // A chunk of a verification batch: invoked by the batch state machine's Distributed Map (issue 13).
  { handler: 'run-verification-batch-chunk', trigger: 'step-functions', table: 'write', ocr: false, uploads: undefined },
  // The first pages of a verification bound for the review queue, from the table's stream (shared/services/pages-ahead.ts).
  { handler: 'render-pages-ahead', trigger: 'dynamodb-stream', table: 'none', ocr: true, uploads: undefined, documents: 'read' },
] as const;

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

  { method: 'POST', path: '/issuers/{issuerId}/reports', handler: 'register-report', table: 'write' },
  { method: 'PATCH', path: '/issuers/{issuerId}/reports/{reportNumber}', handler: 'change-report-status', table: 'write' },
  // get-report writes: failed public lookups are counted (LookupGuard, issue 14).
  { method: 'GET', path: '/issuers/{issuerId}/reports/{reportNumber}', handler: 'get-report', table: 'write' },

  { method: 'POST', path: '/fraud-patterns', handler: 'create-fraud-pattern', table: 'write' },
  { method: 'GET', path: '/fraud-patterns', handler: 'list-fraud-patterns', table: 'read' },
  { method: 'DELETE', path: '/fraud-patterns/{id}', handler: 'delete-fraud-pattern', table: 'write' },

  { method: 'POST', path: '/verifications', handler: 'create-verification', table: 'write', ocr: true },
  { method: 'GET', path: '/verifications/{verificationId}', handler: 'get-verification', table: 'read' },
  { method: 'GET', path: '/verifications', handler: 'list-verifications', table: 'read' },
  { method: 'GET', path: '/reports/{reportNumber}/verifications', handler: 'report-verifications', table: 'read' },
  { method: 'POST', path: '/uploads', handler: 'create-upload', table: 'write', uploads: 'presign-put' },

  // Webhooks (issue 12). The fan-out and delivery functions are built by cdk/constructs/webhooks.ts.
  { method: 'POST', path: '/webhooks', handler: 'create-webhook', table: 'write' },
  { method: 'GET', path: '/webhooks', handler: 'list-webhooks', table: 'read' },
  { method: 'DELETE', path: '/webhooks/{webhookId}', handler: 'delete-webhook', table: 'write' },
  { method: 'GET', path: '/webhooks/{webhookId}/deliveries', handler: 'list-webhook-deliveries', table: 'read' },
] as const satisfies readonly RouteSpec[];

/** Functions that are not behind a route. */
export const EventFunctions = [
  { handler: 'verify-upload', trigger: 's3-object-created', table: 'write', ocr: true, uploads: 'read' },
  { handler: 'textract-completed', trigger: 'sns-textract', table: 'write', ocr: true, uploads: 'read' },
] as const;

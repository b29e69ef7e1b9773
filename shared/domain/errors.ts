/**
 * Domain errors. Domain code throws these and never knows about HTTP;
 * shared/http/error-map.ts maps each class to a status in one table.
 * Every error carries a stable `code` that clients may switch on.
 */
export interface ValidationIssue {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Facts the HTTP layer may use (e.g. retryAfterSeconds → Retry-After); never rendered into the body. */
  readonly details?: Record<string, unknown>;
  constructor(message: string, options?: ErrorOptions & { details?: Record<string, unknown> }) {
    super(message, options);
    this.name = new.target.name;
    if (options?.details) this.details = options.details;
  }
}

// --- request shape -------------------------------------------------------
export class MalformedRequestError extends DomainError {
  readonly code: string = 'MALFORMED_REQUEST';
}
export class IssueDateRequiredError extends MalformedRequestError {
  override readonly code = 'ISSUE_DATE_REQUIRED';
}
export class ValidationFailedError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    message: string,
    readonly issues: ValidationIssue[],
  ) {
    super(message);
  }
}
export class InvalidCursorError extends DomainError {
  readonly code = 'INVALID_CURSOR';
}

// --- auth ----------------------------------------------------------------
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

// --- not found / conflict ------------------------------------------------
export class NotFoundError extends DomainError {
  readonly code: string = 'NOT_FOUND';
}
export class IssuerNotFoundError extends NotFoundError {
  override readonly code = 'ISSUER_NOT_FOUND';
}
export class ReportNotFoundError extends NotFoundError {
  override readonly code = 'REPORT_NOT_FOUND';
}
export class ApiKeyNotFoundError extends NotFoundError {
  override readonly code = 'API_KEY_NOT_FOUND';
}
export class FraudPatternNotFoundError extends NotFoundError {
  override readonly code = 'FRAUD_PATTERN_NOT_FOUND';
}
export class VerificationNotFoundError extends NotFoundError {
  override readonly code = 'VERIFICATION_NOT_FOUND';
}
export class DocumentNotFoundError extends NotFoundError {
  override readonly code = 'DOCUMENT_NOT_FOUND';
}
export class StatusListNotFoundError extends NotFoundError {
  override readonly code = 'STATUS_LIST_NOT_FOUND';
}
export class VerificationBatchNotFoundError extends NotFoundError {
  override readonly code = 'VERIFICATION_BATCH_NOT_FOUND';
}
/** A batch item waits for an upload that is still being verified; the batch engine retries its chunk later. */
export class BatchItemPendingError extends DomainError {
  readonly code = 'BATCH_ITEM_PENDING';
}
export class RouteNotFoundError extends NotFoundError {
  override readonly code = 'ROUTE_NOT_FOUND';
}
export class MethodNotAllowedError extends DomainError {
  readonly code = 'METHOD_NOT_ALLOWED';
}
export class RequestHeadersTooLargeError extends DomainError {
  readonly code = 'REQUEST_HEADERS_TOO_LARGE';
}

export class ConflictError extends DomainError {
  readonly code: string = 'CONFLICT';
}
export class ReportAlreadyRegisteredError extends ConflictError {
  override readonly code = 'REPORT_ALREADY_REGISTERED';
}
export class IssuerIdentifierTakenError extends ConflictError {
  override readonly code = 'ISSUER_IDENTIFIER_TAKEN';
}
export class FraudPatternExistsError extends ConflictError {
  override readonly code = 'FRAUD_PATTERN_EXISTS';
}
export class ReportStatusFinalError extends ConflictError {
  override readonly code = 'REPORT_STATUS_FINAL';
}
export class ConcurrentUpdateError extends ConflictError {
  override readonly code = 'CONCURRENT_UPDATE';
}
export class IdempotencyInProgressError extends ConflictError {
  override readonly code = 'IDEMPOTENCY_IN_PROGRESS';
}

// --- documents (intake) --------------------------------------------------
export class UnsupportedMediaTypeError extends DomainError {
  readonly code: string = 'UNSUPPORTED_MEDIA_TYPE';
}
export class DisguisedFileError extends UnsupportedMediaTypeError {
  override readonly code = 'DISGUISED_FILE';
}
export class DocumentTooLargeError extends DomainError {
  readonly code: string = 'DOCUMENT_TOO_LARGE';
}
export class TooManyPagesError extends DocumentTooLargeError {
  override readonly code = 'TOO_MANY_PAGES';
}
export class PayloadTooLargeForDirectUploadError extends DocumentTooLargeError {
  override readonly code = 'USE_UPLOADS_FOR_LARGE_FILES';
}
export class UnreadableDocumentError extends DomainError {
  readonly code: string = 'UNREADABLE_DOCUMENT';
}
export class EmptyDocumentError extends UnreadableDocumentError {
  override readonly code = 'EMPTY_DOCUMENT';
}
export class TruncatedDocumentError extends UnreadableDocumentError {
  override readonly code = 'TRUNCATED_DOCUMENT';
}
export class CorruptPdfError extends UnreadableDocumentError {
  override readonly code = 'CORRUPT_PDF';
}
export class EncryptedPdfError extends UnreadableDocumentError {
  override readonly code = 'ENCRYPTED_PDF';
}
export class CorruptImageError extends UnreadableDocumentError {
  override readonly code = 'CORRUPT_IMAGE';
}
/** The document took longer than its time budget (which always ends before the handler's own timeout). */
export class DocumentProcessingTimeoutError extends UnreadableDocumentError {
  override readonly code = 'TIMEOUT';
}
/** The document expands past a bound (inflated bytes, operators, pixels, memory): refused before or while reading it. */
export class DocumentTooComplexError extends UnreadableDocumentError {
  override readonly code = 'DOCUMENT_TOO_COMPLEX';
}
/** The request as a whole ran out of the handler's time (middy's early timeout). */
export class RequestTimeoutError extends DomainError {
  readonly code = 'TIMEOUT';
}
/** DynamoDB refused the request as invalid (ValidationException): bad client input, never an outage. */
export class StoreRejectedInputError extends MalformedRequestError {
  override readonly code = 'INVALID_INPUT';
}

// --- dependencies --------------------------------------------------------
export class ThrottledError extends DomainError {
  readonly code: string = 'THROTTLED';
}
/** Too many failed public lookups of a number or from a client: the same answer whether the number exists or not. */
export class PublicLookupThrottledError extends ThrottledError {
  override readonly code = 'TOO_MANY_LOOKUPS';
}
/** A dependency (DynamoDB, Textract, S3) is down or throttling past our retries. Never a failed check. */
export class DependencyUnavailableError extends DomainError {
  readonly code: string = 'DEPENDENCY_UNAVAILABLE';
  constructor(
    readonly dependency: 'dynamodb' | 'textract' | 's3' | 'ocr' | 'stepfunctions' | 'kms' | 'status-list' | 'local-runtime',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// --- webhooks ------------------------------------------------------------
export class WebhookNotFoundError extends NotFoundError {
  override readonly code = 'WEBHOOK_NOT_FOUND';
}

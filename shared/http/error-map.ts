import {
  ConflictError,
  DependencyUnavailableError,
  DocumentTooLargeError,
  DomainError,
  ForbiddenError,
  InvalidCursorError,
  MalformedRequestError,
  MethodNotAllowedError,
  NotFoundError,
  RequestHeadersTooLargeError,
  RequestTimeoutError,
  ThrottledError,
  UnauthenticatedError,
  UnreadableDocumentError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from '#shared/domain/errors.ts';
import type { Problem } from './problem.ts';

type ErrorClass = abstract new (...args: never[]) => DomainError;

/** The one table from domain error class to HTTP status and title. First match wins, so subclasses come first. */
export const ErrorStatus: ReadonlyArray<readonly [ErrorClass, number, string]> = [
  [MalformedRequestError, 400, 'Malformed request'],
  [InvalidCursorError, 400, 'Invalid cursor'],
  [UnauthenticatedError, 401, 'Unauthenticated'],
  [ForbiddenError, 403, 'Forbidden'],
  [NotFoundError, 404, 'Not found'],
  [MethodNotAllowedError, 405, 'Method not allowed'],
  [RequestTimeoutError, 408, 'Request timeout'],
  [ConflictError, 409, 'Conflict'],
  [DocumentTooLargeError, 413, 'Document too large'],
  [UnsupportedMediaTypeError, 415, 'Unsupported media type'],
  [ValidationFailedError, 422, 'Validation failed'],
  [UnreadableDocumentError, 422, 'Unreadable document'],
  [RequestHeadersTooLargeError, 431, 'Request headers too large'],
  [ThrottledError, 429, 'Too many requests'],
  [DependencyUnavailableError, 503, 'Service unavailable'],
];

export const INTERNAL_PROBLEM: Omit<Problem, 'type'> = {
  status: 500,
  title: 'Internal error',
  detail: 'Something went wrong on our side. It has been logged; retrying later may help.',
  code: 'INTERNAL_ERROR',
};

/** middy's early timeout (the invocation's own deadline) as a domain error: 408 TIMEOUT, not a 500. */
const asDomainError = (error: unknown): unknown => {
  if (error instanceof Error && error.name === 'TimeoutError' && (error.cause as { package?: string } | undefined)?.package === '@middy/core') {
    return new RequestTimeoutError('The request took longer than this function may run. Nothing was stored; retry, or use POST /uploads for a large file.', { cause: error });
  }
  return error;
};

export const toProblem = (raw: unknown): Omit<Problem, 'type'> | undefined => {
  const error = asDomainError(raw);
  if (!(error instanceof DomainError)) return undefined;
  const row = ErrorStatus.find(([cls]) => error instanceof cls);
  if (!row) return undefined;
  const [, status, title] = row;
  const detail =
    error instanceof DependencyUnavailableError
      ? `A dependency (${error.dependency}) is unavailable. Nothing was decided; retry later.`
      : error.message;
  return {
    status,
    title,
    detail,
    code: error.code,
    ...(error instanceof ValidationFailedError ? { errors: error.issues } : {}),
  };
};

import middy, { type MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { Principal, Role } from '#shared/domain/api-key.ts';
import {
  ForbiddenError,
  MalformedRequestError,
  UnauthenticatedError,
  ValidationFailedError,
} from '#shared/domain/errors.ts';
import { appendLogKeys, invocationLogger, type LoggedContext } from '#shared/runtime/logging.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { INTERNAL_PROBLEM, toProblem } from './error-map.ts';
import { problemResponse } from './problem.ts';
import { bodyBytes, header, isJsonContentType, issuesOf } from './request.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * Who may call a route:
 * - 'public': anyone, no key read;
 * - a list of roles: a valid key of one of them;
 * - { optional: roles }: no Authorization header is the anonymous caller
 *   (principal undefined); a header must be a valid key of one of the roles.
 */
export type Access = 'public' | readonly Role[] | { readonly optional: readonly Role[] };

export interface RouteOptions<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  access: A;
  path?: P;
  query?: Q;
  body?: B;
  /** The path parameter naming an issuer: an issuer key may act only on its own. */
  issuerParam?: string;
  /** Route-specific middlewares, run after auth and validation (e.g. idempotency). */
  middlewares?: ReadonlyArray<MiddlewareObj<HttpEvent, HttpResult>>;
}

/** A route that demands a role always has a principal; public and optional routes may not. */
export type PrincipalFor<A extends Access> = A extends readonly Role[] ? Principal : Principal | undefined;

export interface RouteInput<A extends Access, P, Q, B> {
  path: P;
  query: Q;
  body: B;
  principal: PrincipalFor<A>;
  event: HttpEvent;
  /** What is left of the invocation's own timeout, ms (a document's budget ends before it). */
  remainingTimeMs: () => number;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body sent as is (HTML, SVG, a JWS) instead of JSON; set its content-type in `headers`. */
  text?: string;
}

/** What route() needs from the composition root (shared/runtime). */
export interface RouteDeps {
  repos: Pick<Repositories, 'apiKeys'>;
  logger: Logger;
}

/** What the middlewares hand to the handler, on the Lambda context of this invocation. */
type RouteContext = LoggedContext & { principal?: Principal; input?: { path: unknown; query: unknown; body: unknown } };

/** Renders every error the same way: problem+json with a stable code; unknown errors leak nothing. */
export const problemErrors = (base: Logger): MiddlewareObj<HttpEvent, HttpResult, Error, RouteContext> => ({
  onError: (request) => {
    const logger = (request.context as Partial<RouteContext>).logger ?? base;
    const problem = toProblem(request.error);
    if (problem) {
      if (problem.status >= 500) logger.error('dependency failure', { error: request.error as Error });
      else logger.info('request rejected', { code: problem.code, status: problem.status });
      const headers: Record<string, string> = {};
      if (problem.status === 401) headers['www-authenticate'] = 'Bearer realm="certverify"';
      const retryAfter = (request.error as { details?: { retryAfterSeconds?: unknown } } | null)?.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter)));
      else if (problem.status === 503 || problem.status === 429) headers['retry-after'] = '5';
      request.response = problemResponse(problem, headers);
      return;
    }
    logger.error('unhandled error', { error: request.error as Error });
    request.response = problemResponse(INTERNAL_PROBLEM);
  },
});

const bearer = (event: HttpEvent): string | undefined => {
  const value = header(event, 'authorization');
  if (value === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  if (!match?.[1]) throw new UnauthenticatedError('The Authorization header must be "Bearer <apiKey>".');
  return match[1];
};

/** Bearer API key → principal; 401 for a missing or unknown key, 403 for a role or issuer it may not act as. */
export const authenticate = (
  apiKeys: RouteDeps['repos']['apiKeys'],
  access: Access,
  issuerParam?: string,
): MiddlewareObj<HttpEvent, HttpResult, Error, RouteContext> => ({
  before: async (request) => {
    if (access === 'public') return;
    const roles = Array.isArray(access) ? access : (access as { optional: readonly Role[] }).optional;
    const optional = !Array.isArray(access);
    const key = bearer(request.event);
    if (key === undefined) {
      if (optional) return;
      throw new UnauthenticatedError('This route needs an API key: Authorization: Bearer <apiKey>.');
    }
    const principal = await apiKeys.authenticate(key);
    if (!principal) throw new UnauthenticatedError('Unknown or revoked API key.');
    if (!roles.includes(principal.role)) {
      throw new ForbiddenError(`A ${principal.role} key may not call this route.`);
    }
    if (principal.role === 'issuer' && issuerParam) {
      const target = request.event.pathParameters?.[issuerParam];
      if (target !== principal.issuerId) throw new ForbiddenError('An issuer key acts only on its own issuerId.');
    }
    appendLogKeys(request.context, { keyId: principal.keyId, role: principal.role });
    request.context.principal = principal;
  },
});

const parseJsonBody = (event: HttpEvent): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new MalformedRequestError('The request needs a JSON body.');
  }
  const contentType = header(event, 'content-type') ?? 'application/json';
  if (!isJsonContentType(contentType)) {
    throw new MalformedRequestError(`Expected a JSON body, got content-type ${contentType}.`);
  }
  try {
    return JSON.parse(bodyBytes(event).toString('utf8'));
  } catch (e) {
    throw new MalformedRequestError('The body is not valid JSON.', { cause: e });
  }
};

/** zod → 422 with every failing path. */
export const validate = (
  schemas: { path?: z.ZodType; query?: z.ZodType; body?: z.ZodType },
): MiddlewareObj<HttpEvent, HttpResult, Error, RouteContext> => ({
  before: (request) => {
    const { event } = request;
    const problems: { path: string; message: string }[] = [];
    const run = (schema: z.ZodType | undefined, value: unknown, prefix: string): unknown => {
      if (!schema) return undefined;
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      problems.push(...issuesOf(result.error, prefix));
      return undefined;
    };
    const decode = (params: Record<string, string | undefined> | undefined) =>
      Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, v === undefined ? v : safeDecode(v)]));
    const path = run(schemas.path, decode(event.pathParameters), 'path');
    const query = run(schemas.query, event.queryStringParameters ?? {}, 'query');
    const body = schemas.body ? run(schemas.body, parseJsonBody(event), 'body') : undefined;
    if (problems.length > 0) throw new ValidationFailedError(`The request has ${problems.length} invalid field(s).`, problems);
    request.context.input = { path, query, body };
  },
});

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * A reply: bytes (a document, a page image) go out base64-encoded with the content type the handler sets;
 * a string body with its own content-type header (e.g. NDJSON) is sent as it is; anything else is JSON.
 */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResult =>
  status === 204
    ? { statusCode: 204, headers }
    : body instanceof Uint8Array
      ? { statusCode: status, headers: { 'content-type': 'application/octet-stream', ...headers }, body: Buffer.from(body).toString('base64'), isBase64Encoded: true }
      : typeof body === 'string' && headers['content-type'] !== undefined
        ? { statusCode: status, headers, body }
      : { statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };

/**
 * One middy chain for every HTTP handler: this invocation's own logger with
 * the request ids, auth, validation, then the handler; the problem renderer
 * is used last so that it sees, and renders, every error the same way.
 * `deps` comes from the composition root (shared/runtime/deps.ts).
 */
export const route = <
  const A extends Access,
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
>(
  deps: RouteDeps,
  options: RouteOptions<A, P, Q, B>,
) => ({
  handle: (fn: (input: RouteInput<A, z.output<P>, z.output<Q>, z.output<B>>) => Promise<Reply> | Reply) =>
    middy<HttpEvent, HttpResult, Error, RouteContext>()
      .use(invocationLogger<HttpEvent, HttpResult, RouteContext>(deps.logger))
      .use({
        before: (request) => {
          appendLogKeys(request.context, { apiRequestId: request.event.requestContext?.requestId, route: request.event.routeKey });
        },
      })
      .use(authenticate(deps.repos.apiKeys, options.access, options.issuerParam))
      .use(validate(options))
      .use([...(options.middlewares ?? [])] as unknown as MiddlewareObj<HttpEvent, HttpResult, Error, RouteContext>[])
      .use(problemErrors(deps.logger))
      .handler(async (event, context) => {
        const reply = await fn({
          path: context.input?.path as z.output<P>,
          query: context.input?.query as z.output<Q>,
          body: context.input?.body as z.output<B>,
          principal: context.principal as PrincipalFor<A>,
          event,
          remainingTimeMs: () => (typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : Infinity),
        });
        if (reply.text !== undefined) return { statusCode: reply.status ?? 200, headers: reply.headers ?? {}, body: reply.text };
        return json(reply.status ?? 200, reply.body, reply.headers);
      }),
});

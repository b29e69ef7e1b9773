import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteMatch } from './router.ts';

const TEXT_TYPES = /^(application\/(json|[a-z.+-]*\+json|x-www-form-urlencoded)|text\/)/i;

/** The API Gateway HTTP API (payload v2) event for one request, as API Gateway builds it. */
export const toApiGatewayEvent = (req: IncomingMessage, body: Buffer, url: URL, match: RouteMatch): APIGatewayProxyEventV2 =>
  withBody(eventHead(req, url, match), body);

/**
 * The event's body as API Gateway sets it: text as is, anything else base64.
 * The isolated runtime calls this on the invocation thread, so that the
 * HTTP thread never decodes, encodes or copies a large body.
 */
export const withBody = (event: APIGatewayProxyEventV2, body: Uint8Array): APIGatewayProxyEventV2 => {
  if (body.length === 0) return { ...event, isBase64Encoded: false };
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const isText = TEXT_TYPES.test(event.headers['content-type'] ?? '');
  return { ...event, body: isText ? bytes.toString('utf8') : bytes.toString('base64'), isBase64Encoded: !isText };
};

/** Everything of the event but its body: small, cheap to build and to post to another thread. */
export const eventHead = (req: IncomingMessage, url: URL, match: RouteMatch): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const routeKey = `${match.route.method} ${match.route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
};

export const lambdaContext = (functionName: string, timeoutMs = 30_000): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/** A handler's result as status, headers and body bytes: what crosses back from an invocation thread (the bytes transferred, not copied). */
export interface EncodedResult {
  statusCode: number;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export const encodeResult = (result: APIGatewayProxyStructuredResultV2): EncodedResult => {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const body = result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body);
  return { statusCode: result.statusCode ?? 200, headers, ...(body ? { body } : {}) };
};

export const writeEncoded = (res: ServerResponse, result: EncodedResult): void => {
  res.writeHead(result.statusCode, result.headers);
  res.end(result.body);
};

export const writeResult = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void => writeEncoded(res, encodeResult(result));

/** A Buffer's bytes as their own ArrayBuffer, so that postMessage can transfer them (a pooled slice is copied first). */
export const ownBytes = (bytes: Uint8Array): Uint8Array =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);

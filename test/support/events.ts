import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

const base = JSON.parse(
  readFileSync(new URL('../fixtures/events/http-api-v2.json', import.meta.url), 'utf8'),
) as APIGatewayProxyEventV2;

/** An API Gateway HTTP API v2 event from the recorded fixture, with this request's parts. */
export const httpEvent = (request: {
  method: string;
  route: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  apiKey?: string;
}): APIGatewayProxyEventV2 => {
  const event = structuredClone(base);
  event.routeKey = `${request.method} ${request.route}`;
  event.rawPath = request.path;
  event.requestContext.routeKey = event.routeKey;
  event.requestContext.http.method = request.method;
  event.requestContext.http.path = request.path;
  if (request.pathParameters) event.pathParameters = request.pathParameters;
  if (request.query) {
    event.queryStringParameters = request.query;
    event.rawQueryString = new URLSearchParams(request.query).toString();
  }
  if (request.apiKey) event.headers.authorization = `Bearer ${request.apiKey}`;
  if (request.body !== undefined) {
    event.headers['content-type'] = 'application/json';
    event.body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  }
  Object.assign(event.headers, request.headers ?? {});
  return event;
};

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'certverify-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:certverify-test',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/certverify-test',
  logStreamName: '2025/03/14/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;

/** Calls an exported middy handler and returns the whole response with the body parsed. */
export const invoke = async (handler: Handler, event: APIGatewayProxyEventV2) => {
  const res = await handler(event, lambdaContext());
  return { statusCode: res.statusCode, headers: res.headers, body: res.body === undefined ? undefined : (JSON.parse(res.body) as unknown) };
};

/** The whole problem+json response the API returns for an error: every member, the detail included, is stated by the test. */
export const problemOf = (status: number, code: string, rest: { title: string; detail: string; errors?: unknown }, headers: Record<string, string> = {}) => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json', ...headers },
  body: {
    type: `https://certverify.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    status,
    title: rest.title,
    detail: rest.detail,
    code,
    ...(rest.errors ? { errors: rest.errors } : {}),
  },
});

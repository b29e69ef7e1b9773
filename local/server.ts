import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { problemResponse } from '#shared/http/problem.ts';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import { referenceData, useRepositories } from '#shared/services/container.ts';
import { validLocalToken } from '#shared/services/uploads.ts';
import { verifyUpload } from '#shared/services/verify-upload.ts';
import { createDynamoClient } from '#shared/store/client.ts';
import { ensureTable } from '#shared/store/create-table.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';
import { TableSpec } from '#shared/store/table-spec.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded-dynamodb.ts';
import { announceEngine, withdrawEngine } from './local-store.ts';
import { compileRoutes, lambdaContext, matchRoute, toApiGatewayEvent, writeResult } from './http-adapter.ts';
import { InvocationPool } from './invocation-pool.ts';
import { seedDemoData, type DemoKeys } from './seed/seed.ts';

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalServerOptions {
  port?: number;
  host?: string;
  /** Where the embedded engine keeps its data and demo-keys.json lives. */
  dataDir?: string;
  /** In-memory engine: nothing written to disk (tests). */
  inMemory?: boolean;
  /** Use DynamoDB Local or AWS instead of the embedded engine. */
  dynamoEndpoint?: string;
  tableName?: string;
  seed?: boolean;
  /** Mirrors Lambda's 6 MB request payload cap. */
  maxRequestBytes?: number;
  /**
   * Run the handlers on invocation threads (invocation-pool.ts), so that the
   * HTTP thread only serves I/O and /health. `npm start` does; in-process
   * tests may not (default false).
   */
  isolate?: boolean;
}

export interface LocalServer {
  url: string;
  port: number;
  repos: Repositories;
  demoKeys?: DemoKeys;
  /** Resolves when every background upload verification has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const handlers = new Map<string, Promise<LambdaHandler>>();
const loadHandler = (name: string): Promise<LambdaHandler> => {
  let loaded = handlers.get(name);
  if (!loaded) {
    loaded = import(`#functions/${name}/handler.ts`).then((m: { handler: LambdaHandler }) => m.handler);
    handlers.set(name, loaded);
  }
  return loaded;
};

class BodyTooLargeError extends Error {}

const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * The local runtime: the same exported Lambda handlers behind a plain HTTP
 * server that turns each request into an API Gateway HTTP API v2 event.
 */
export const startLocalServer = async (options: LocalServerOptions = {}): Promise<LocalServer> => {
  const dataDir = resolve(options.dataDir ?? '.data');
  const tableName = options.tableName ?? process.env.TABLE_NAME ?? TableSpec.defaultName;
  const maxRequestBytes = options.maxRequestBytes ?? 6 * 1024 * 1024;

  let engine: EmbeddedDynamo | undefined;
  let endpoint = options.dynamoEndpoint ?? process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    if (!options.inMemory) await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    engine = await startEmbeddedDynamo(options.inMemory ? {} : { path: join(dataDir, 'dynamodb') });
    endpoint = engine.endpoint;
  }
  const client = createDynamoClient({ endpoint, region: process.env.AWS_REGION ?? 'us-east-1' });
  await ensureTable(client, tableName);
  const repos = createRepositories(client, tableName);
  if (engine && !options.inMemory) await announceEngine(dataDir, engine.endpoint);
  useRepositories(repos);
  const demoKeys = options.seed === false ? undefined : await seedDemoData(repos, dataDir);

  const routes = compileRoutes();
  const background = new Set<Promise<unknown>>();
  let pool: InvocationPool | undefined;

  /** The local stand-in for the presigned S3 PUT of POST /uploads, and for the ObjectCreated event behind it. */
  const serveUpload = async (req: IncomingMessage, res: ServerResponse, verificationId: string, token: string) => {
    if (req.method !== 'PUT' || !validLocalToken(verificationId, token)) {
      req.resume();
      writeResult(res, problemResponse({ status: 403, title: 'Forbidden', detail: 'Invalid upload URL.', code: 'FORBIDDEN' }));
      return;
    }
    const maxBytes = limitsFromEnv().maxBytes;
    let body: Buffer;
    try {
      body = await readBody(req, maxBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      writeResult(res, problemResponse({ status: 413, title: 'Document too large', detail: `The file is over ${maxBytes} bytes.`, code: 'DOCUMENT_TOO_LARGE' }));
      return;
    }
    writeResult(res, { statusCode: 200, headers: {} });
    const job = verifyUpload({ repos, reference: referenceData() }, verificationId, body)
      .catch((error: unknown) => console.error(`upload ${verificationId} failed`, error))
      .finally(() => background.delete(job));
    background.add(job);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const upload = /^\/_local\/uploads\/(v_[a-z0-9]{10,40})$/.exec(url.pathname);
    if (upload?.[1]) return serveUpload(req, res, upload[1], url.searchParams.get('token') ?? '');
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (!match.route) {
      const status = match.pathMatched ? 405 : 404;
      writeResult(
        res,
        problemResponse({
          status,
          title: status === 405 ? 'Method not allowed' : 'Not found',
          detail: `No route ${req.method} ${url.pathname}.`,
          code: status === 405 ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND',
        }),
      );
      req.resume();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxRequestBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      writeResult(
        res,
        problemResponse({
          status: 413,
          title: 'Document too large',
          detail: `The request is over ${maxRequestBytes} bytes, the cap on a direct request (Lambda's 6 MB payload, about 4.5 MB of file once base64-encoded). Use POST /uploads for large files.`,
          code: 'USE_UPLOADS_FOR_LARGE_FILES',
        }),
      );
      return;
    }
    const event = toApiGatewayEvent(req, body, url, { route: match.route, pathParameters: match.pathParameters });
    if (pool && match.route.handler !== 'health') {
      writeResult(res, await pool.invoke(match.route.handler, event));
      return;
    }
    const handler = await loadHandler(match.route.handler);
    writeResult(res, await handler(event, lambdaContext(match.route.handler)));
  };

  const server: Server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error('local runtime error', error);
      if (!res.headersSent) writeResult(res, problemResponse({ status: 500, title: 'Internal error', detail: 'Local runtime error.', code: 'INTERNAL_ERROR' }));
      else res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  process.env.LOCAL_UPLOAD_BASE_URL = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : (options.host ?? '127.0.0.1')}:${port}`;
  if (options.isolate) {
    // After LOCAL_UPLOAD_BASE_URL is known: the threads copy the environment when they start.
    pool = new InvocationPool({ endpoint, tableName, region: process.env.AWS_REGION ?? 'us-east-1' });
    await pool.ready();
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    repos,
    ...(demoKeys ? { demoKeys } : {}),
    settled: async () => {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
    close: async () => {
      while (background.size > 0) await Promise.allSettled([...background]);
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await pool?.close();
      client.destroy();
      useRepositories(undefined);
      if (engine && !options.inMemory) await withdrawEngine(dataDir);
      await engine?.stop();
    },
  };
};

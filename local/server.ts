import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DependencyUnavailableError,
  MalformedRequestError,
  PayloadTooLargeForDirectUploadError,
  RequestHeadersTooLargeError,
} from '#shared/domain/errors.ts';
import { INTERNAL_PROBLEM, toProblem } from '#shared/http/error-map.ts';
import { batchItemError } from '#shared/http/batch-item-error.ts';
import { problemResponse } from '#shared/http/problem.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { buildLocalDeps } from '#shared/runtime/local.ts';
import { localKeys } from '#shared/runtime/passport-keys.ts';
import { loadLocalSecrets } from '#shared/runtime/local-secrets.ts';
import { LOCAL_UPLOAD_PATH, localUploadUrls } from '#shared/runtime/local-uploads.ts';
import { VERIFICATION_ID_PATTERN } from '#shared/domain/common.ts';
import { createDynamoClient } from '#shared/store/client.ts';
import { ensureTable } from '#shared/store/create-table.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { TableSpec } from '#shared/store/table-spec.ts';
import { LocalBatchEngine } from './batch-engine.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded-dynamodb.ts';
import { announceEngine, withdrawEngine } from './local-store.ts';
import { eventHead, lambdaContext, toApiGatewayEvent, writeEncoded, writeResult } from './http-adapter.ts';
import { InvocationPool } from './invocation-pool.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';
import { createRouter } from './router.ts';
import { seedDemoData, type DemoKeys } from './seed/seed.ts';
import { createUploadEmulator, inProcessUploads } from './upload-emulator.ts';
import { retryScaleFromEnv } from '#shared/webhooks/retry-schedule.ts';
import { createLocalWebhooks, type LocalWebhooks } from './webhooks.ts';

export interface LocalServerOptions {
  port?: number;
  host?: string;
  /** Where the embedded engine keeps its data, and secrets.json and demo-keys.json live. */
  dataDir?: string;
  /** In-memory engine and secrets: nothing written to disk but demo-keys.json (tests). */
  inMemory?: boolean;
  /** Use DynamoDB Local or AWS instead of the embedded engine. */
  dynamoEndpoint?: string;
  tableName?: string;
  seed?: boolean;
  /** Mirrors Lambda's 6 MB request payload cap. */
  maxRequestBytes?: number;
  /**
   * Run the handlers on invocation threads (invocation-pool.ts), so that the
   * HTTP thread only serves I/O and /health. Default: on, unless
   * LOCAL_ISOLATE=0; `isolate: false` runs every handler on the HTTP thread.
   */
  isolate?: boolean;
  /** Shrinks the webhook retry schedule (tests); default WEBHOOK_RETRY_SCALE, else 1. */
  webhookRetryScale?: number;
  /** Batch items verified at once (default 16). */
  batchConcurrency?: number;
  /** The handlers' Lambda timeout (default 30 s, as API Gateway allows); corpus e2e tests on a loaded machine give OCR longer. */
  functionTimeoutMs?: number;
}

export interface LocalServer {
  url: string;
  port: number;
  repos: Repositories;
  /** The digital passport's keys and status-list cache of this server (issue 11). */
  passport: Deps['passport'];
  /** The local change feed and delivery queue of the webhooks. */
  webhooks: LocalWebhooks;
  demoKeys?: DemoKeys;
  /** Resolves when every background upload verification has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const UPLOAD_ROUTE = new RegExp(`^${LOCAL_UPLOAD_PATH}(${VERIFICATION_ID_PATTERN.source})$`);

/** Any error as the API renders it: the one error table (shared/http/error-map.ts), problem+json. */
const problemFor = (error: unknown) => problemResponse(toProblem(error) ?? INTERNAL_PROBLEM);

/** A request Node's HTTP parser refused (bad syntax, headers too large) never reaches a handler: answer it on the socket. */
const answerClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (!socket.writable) return;
  const problem = problemFor(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new RequestHeadersTooLargeError('The request headers are too large.')
      : new MalformedRequestError('The request is not valid HTTP/1.1.'),
  );
  const body = problem.body ?? '';
  socket.end(
    `HTTP/1.1 ${problem.statusCode} ${problem.statusCode === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: ${String(problem.headers?.['content-type'])}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
};

/**
 * `npm start`: boots the store (the embedded engine unless an endpoint is
 * given), the local composition root, and a plain HTTP server that routes
 * each request through the routes manifest to the same handlers Lambda runs,
 * as an API Gateway HTTP API v2 event.
 */
export const startLocalServer = async (options: LocalServerOptions = {}): Promise<LocalServer> => {
  const dataDir = resolve(options.dataDir ?? '.data');
  const tableName = options.tableName ?? process.env.TABLE_NAME ?? TableSpec.defaultName;
  const maxRequestBytes = options.maxRequestBytes ?? 6 * 1024 * 1024;
  const isolate = options.isolate ?? process.env.LOCAL_ISOLATE !== '0';

  let engine: EmbeddedDynamo | undefined;
  let endpoint = options.dynamoEndpoint ?? process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    if (!options.inMemory) await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    engine = await startEmbeddedDynamo(options.inMemory ? {} : { path: join(dataDir, 'dynamodb') });
    endpoint = engine.endpoint;
  }
  const admin = createDynamoClient({ endpoint });
  await ensureTable(admin, tableName);
  admin.destroy();
  if (engine && !options.inMemory) await announceEngine(dataDir, engine.endpoint);
  const secrets = await loadLocalSecrets(options.inMemory ? undefined : dataDir);

  // The upload URLs need the port, so the server listens before the root is built.
  // A request that arrives while the root is still being built is a 503 problem, never a 500.
  let serve: (req: IncomingMessage, res: ServerResponse) => Promise<void> = () =>
    Promise.reject(new DependencyUnavailableError('local-runtime', 'The local runtime is still starting.'));
  const server: Server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!toProblem(error)) console.error('local runtime error', error);
      if (!res.headersSent) writeResult(res, problemFor(error));
      else res.end();
    });
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : (options.host ?? '127.0.0.1');
  const uploads = localUploadUrls(`http://${host}:${port}`, secrets.uploadUrl);
  // In-memory servers (tests) keep their documents in a temporary folder, never in ./.data.
  const documentsDir = options.inMemory && !options.dataDir ? await mkdtemp(join(tmpdir(), 'certverify-documents-')) : join(dataDir, 'documents');
  // Isolated, the fan-out and the deliveries run on the invocation threads too (the pool is built below).
  let pool: InvocationPool | undefined;
  let poolStarted: (p: InvocationPool) => void = () => undefined;
  const poolReady = new Promise<InvocationPool>((r) => (poolStarted = r));
  const retryScale = options.webhookRetryScale ?? retryScaleFromEnv();
  const webhooks = await createLocalWebhooks({
    ...(options.inMemory ? {} : { keyFile: join(dataDir, 'webhook-secrets.key') }),
    retryScale,
    ...(isolate
      ? { run: async (name: string, event: unknown) => (await poolReady).call(name, event), settleElsewhere: async () => (await poolReady).settled() }
      : {}),
  });
  // The passport's signing key: generated on first use under the data dir (in memory for an in-memory
  // engine). Isolated, every thread must sign with one key: an in-memory server keeps it in a
  // temporary file, created here before the threads start.
  const keysDir = isolate && options.inMemory ? await mkdtemp(join(tmpdir(), 'certverify-keys-')) : undefined;
  const passportKeyFile = keysDir ? join(keysDir, 'passport-keys.json') : options.inMemory ? undefined : join(dataDir, 'passport-keys.json');
  if (isolate && passportKeyFile) await localKeys(passportKeyFile)();
  const root = buildLocalDeps({
    endpoint,
    tableName,
    secrets,
    uploadUrls: uploads,
    documentsDir,
    webhooks: webhooks.runtime,
    ...(passportKeyFile ? { passportKeyFile } : {}),
  });
  webhooks.attach(root);
  // Verification batches run in this process, on one bounded pool (local/batch-engine.ts).
  const batches = new LocalBatchEngine({ ...root, describeError: batchItemError }, options.batchConcurrency ? { concurrency: options.batchConcurrency } : {});
  const deps = { ...root, batches };
  const demoKeys = options.seed === false ? undefined : await seedDemoData(deps.repos, dataDir);
  const router = createRouter(deps);
  // /health is answered here: its handler is loaded now, not by the first probe.
  await router.handler('health');
  const inProcess = inProcessUploads(deps);
  if (isolate && passportKeyFile) {
    pool = new InvocationPool({
      endpoint,
      tableName,
      secrets,
      uploadBaseUrl: `http://${host}:${port}`,
      documentsDir,
      passportKeyFile,
      webhookKey: webhooks.secretKey,
      webhookRetryScale: retryScale,
      ...(options.batchConcurrency ? { batchConcurrency: options.batchConcurrency } : {}),
      onDeliveries: (jobs) => void webhooks.queue.send(jobs),
    });
    await pool.ready();
    poolStarted(pool);
  }
  const isolated = pool;
  const emulator = createUploadEmulator(uploads.valid, isolated ? (id, body) => isolated.upload(id, body) : (id, body) => inProcess.verify(id, body));
  const settled = async () => {
    await inProcess.settled();
    await isolated?.settled();
    await batches.settled();
  };

  serve = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const upload = UPLOAD_ROUTE.exec(url.pathname);
    if (upload?.[1]) return emulator.serve(req, res, upload[1], url.searchParams.get('token') ?? '');
    let match;
    try {
      match = router.match(req.method ?? 'GET', url.pathname);
    } catch (error) {
      req.resume();
      throw error;
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxRequestBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      throw new PayloadTooLargeForDirectUploadError(
        `The request is over ${maxRequestBytes} bytes, the cap on a direct request (Lambda's 6 MB payload, about 4.5 MB of file once base64-encoded). Use POST /uploads for large files.`,
        { cause: e },
      );
    }
    if (isolated && match.route.handler !== 'health') {
      writeEncoded(res, await isolated.http(match.route.handler, eventHead(req, url, match), body, options.functionTimeoutMs));
      return;
    }
    const event = toApiGatewayEvent(req, body, url, match);
    const handler = await router.handler(match.route.handler);
    writeResult(res, await handler(event, lambdaContext(match.route.handler, options.functionTimeoutMs)));
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    repos: deps.repos,
    passport: deps.passport,
    webhooks,
    ...(demoKeys ? { demoKeys } : {}),
    settled,
    close: async () => {
      await settled();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      if (isolated) await webhooks.settled();
      await isolated?.close();
      webhooks.close();
      await webhooks.settled();
      deps.close();
      if (engine && !options.inMemory) await withdrawEngine(dataDir);
      await engine?.stop();
      if (keysDir) await rm(keysDir, { recursive: true, force: true });
    },
  };
};

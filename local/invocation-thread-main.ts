import { parentPort, workerData } from 'node:worker_threads';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { problemResponse } from '#shared/http/problem.ts';
import { buildLocalDeps } from '#shared/runtime/local.ts';
import type { LocalSecrets } from '#shared/runtime/local-secrets.ts';
import { localUploadUrls } from '#shared/runtime/local-uploads.ts';
import { lambdaContext } from './http-adapter.ts';
import { installProcessGuard } from './process-guard.ts';
import { createRouter } from './router.ts';

/**
 * The thread side of invocation-pool.ts: its own composition root (its own
 * DynamoDB client on the engine's endpoint, its own caches), like a Lambda
 * instance; the handlers are built from it on first use.
 */
const { endpoint, tableName, secrets, uploadBaseUrl } = workerData as {
  endpoint: string;
  tableName: string;
  secrets: LocalSecrets;
  uploadBaseUrl: string;
};
installProcessGuard((message, error) => console.error(`[invocation thread] ${message}`, error));
const deps = buildLocalDeps({ endpoint, tableName, secrets, uploadUrls: localUploadUrls(uploadBaseUrl, secrets.uploadUrl) });
const router = createRouter(deps);

parentPort?.on('message', (job: { id: number; handler: string; event: APIGatewayProxyEventV2; timeoutMs: number }) => {
  void (async () => {
    try {
      const handler = await router.handler(job.handler);
      const result = await handler(job.event, lambdaContext(job.handler, job.timeoutMs));
      parentPort?.postMessage({ id: job.id, result });
    } catch (error) {
      console.error('[invocation thread] handler failed', error);
      parentPort?.postMessage({
        id: job.id,
        result: problemResponse({ status: 500, title: 'Internal error', detail: 'Local runtime error.', code: 'INTERNAL_ERROR' }),
      });
    }
  })();
});
parentPort?.postMessage({ ready: true });

import { parentPort, workerData } from 'node:worker_threads';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { problemResponse } from '#shared/http/problem.ts';
import { useRepositories } from '#shared/services/container.ts';
import { createDynamoClient } from '#shared/store/client.ts';
import { createRepositories } from '#shared/store/repositories.ts';
import { lambdaContext } from './http-adapter.ts';
import { installProcessGuard } from './process-guard.ts';

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The thread side of invocation-pool.ts: its own DynamoDB client on the
 * embedded engine's endpoint and its own repositories (like a Lambda
 * instance), the handlers loaded on first use.
 */
const { endpoint, tableName, region } = workerData as { endpoint: string; tableName: string; region: string };
installProcessGuard((message, error) => console.error(`[invocation thread] ${message}`, error));
useRepositories(createRepositories(createDynamoClient({ endpoint, region }), tableName));

const handlers = new Map<string, Promise<LambdaHandler>>();
const load = (name: string): Promise<LambdaHandler> => {
  let loaded = handlers.get(name);
  if (!loaded) {
    loaded = import(`#functions/${name}/handler.ts`).then((m: { handler: LambdaHandler }) => m.handler);
    handlers.set(name, loaded);
  }
  return loaded;
};

parentPort?.on('message', (job: { id: number; handler: string; event: APIGatewayProxyEventV2; timeoutMs: number }) => {
  void (async () => {
    try {
      const handler = await load(job.handler);
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

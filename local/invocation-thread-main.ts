import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { batchItemError } from '#shared/http/batch-item-error.ts';
import { problemResponse } from '#shared/http/problem.ts';
import { buildLocalDeps } from '#shared/runtime/local.ts';
import { localUploadUrls } from '#shared/runtime/local-uploads.ts';
import type { WebhookRuntime } from '#shared/runtime/webhooks.ts';
import { verifyUpload } from '#shared/services/verify-upload.ts';
import { AesSecretBox } from '#shared/webhooks/secret-box.ts';
import { LocalBatchEngine } from './batch-engine.ts';
import { encodeResult, lambdaContext, ownBytes, withBody, type EncodedResult } from './http-adapter.ts';
import type { FromThread, InvocationThreadData, ToThread } from './invocation-pool.ts';
import { installProcessGuard } from './process-guard.ts';
import { createRouter } from './router.ts';
import { ChangeFeed, recordChanges, streamConsumers, Tracker, type StreamConsumer } from './webhooks.ts';

/**
 * The thread side of invocation-pool.ts: its own composition root (its own
 * DynamoDB client on the engine's endpoint, its own caches), like a Lambda
 * instance; the handlers are built from it on first use. Its writes go
 * through its own change feed to the fan-out, here; its webhook delivery
 * jobs go to the HTTP thread's queue.
 */
const data = workerData as InvocationThreadData;
const port = parentPort;
if (!port) throw new Error('invocation-thread-main.ts runs on a worker thread');
const post = (message: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

// LOCAL_INVOCATION_NICE=n (off by default) runs this thread below the HTTP thread, so that a
// busy invocation yields the core to it; SANDBOX_NICE does the same for the document sandbox.
// On a machine loaded by other processes it only slows the handlers down (measured, issue 14).
const nice = Number(process.env.LOCAL_INVOCATION_NICE ?? 0);
if (Number.isInteger(nice) && nice > 0) {
  try {
    setPriority(nice);
  } catch {
    // not permitted here: run at the same priority
  }
}

installProcessGuard((message, error) => console.error(`[invocation thread] ${message}`, error));
const webhooks: WebhookRuntime = {
  secrets: new AesSecretBox(Buffer.from(data.webhookKey)),
  queue: { send: (jobs) => Promise.resolve(post({ type: 'deliveries', jobs: [...jobs] })) },
  policy: { allowLoopback: true },
  retryScale: data.webhookRetryScale,
  secretCache: new Map(),
};
const root = buildLocalDeps({
  endpoint: data.endpoint,
  tableName: data.tableName,
  secrets: data.secrets,
  uploadUrls: localUploadUrls(data.uploadBaseUrl, data.secrets.uploadUrl),
  documentsDir: data.documentsDir,
  passportKeyFile: data.passportKeyFile,
  webhooks,
});
const batches = new LocalBatchEngine({ ...root, describeError: batchItemError }, data.batchConcurrency ? { concurrency: data.batchConcurrency } : {});
const deps = { ...root, batches };
const router = createRouter(deps);
// This thread's own change feed: its writes go to the stream's consumers here (the fan-out, the pages
// rendered ahead), and only the small delivery jobs cross to the HTTP thread.
const feedWork = new Tracker();
const feed = new ChangeFeed(root.repos.table.name, streamConsumers((name) => router.handler(name) as unknown as ReturnType<StreamConsumer['invoke']>), feedWork);
recordChanges(root.repos.table.doc, root.repos.table.name, (change) => feed.record(change));
const uploads = new Set<Promise<unknown>>();

const run = async (job: ToThread): Promise<FromThread & { type: 'done' }> => {
  switch (job.type) {
    case 'http': {
      try {
        const handler = await router.handler(job.handler);
        const result: EncodedResult = encodeResult(await handler(withBody(job.event, job.body), lambdaContext(job.handler, job.timeoutMs)));
        if (result.body) result.body = ownBytes(result.body);
        return { type: 'done', id: job.id, result };
      } catch (error) {
        console.error('[invocation thread] handler failed', error);
        const result = encodeResult(problemResponse({ status: 500, title: 'Internal error', detail: 'Local runtime error.', code: 'INTERNAL_ERROR' }));
        return { type: 'done', id: job.id, result };
      }
    }
    case 'call': {
      try {
        const handler = (await router.handler(job.handler)) as unknown as (event: unknown, context: unknown) => Promise<unknown>;
        return { type: 'done', id: job.id, result: await handler(job.event, lambdaContext(job.handler, job.timeoutMs)) };
      } catch (error) {
        return { type: 'done', id: job.id, error: String(error) };
      }
    }
    case 'upload': {
      const work = verifyUpload(deps, job.verificationId, job.body)
        .catch((error: unknown) => deps.logger.error('upload verification failed', { verificationId: job.verificationId, error: error as Error }))
        .finally(() => uploads.delete(work));
      uploads.add(work);
      return { type: 'done', id: job.id };
    }
    case 'settle': {
      while (uploads.size > 0) await Promise.allSettled([...uploads]);
      await batches.settled();
      await feedWork.settled();
      return { type: 'done', id: job.id };
    }
  }
};

port.on('message', (job: ToThread) => {
  void run(job).then((reply) => {
    const body = (reply.result as { body?: unknown } | undefined)?.body;
    post(reply, job.type === 'http' && body instanceof Uint8Array ? [body.buffer as ArrayBuffer] : []);
  });
});
post({ type: 'ready' });

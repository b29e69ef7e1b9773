import { CreateBatchRequest } from '#shared/domain/verification-batch.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { route } from '#shared/http/route.ts';
import { batchEngine } from '#shared/services/batch-engine.ts';
import { repositories } from '#shared/services/container.ts';
import { submitBatch } from '#shared/services/verification-batches.ts';

/** POST /verification-batches: up to 10,000 items (typed fields or stored uploads) → 202 { batchId, total }; idempotent with Idempotency-Key. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], body: CreateBatchRequest, middlewares: [idempotent()] }).handle(
  async ({ body, principal }) => ({
    status: 202,
    body: await submitBatch({ repos: repositories(), engine: batchEngine() }, body.items, principal),
  }),
);

import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { CreateBatchRequest } from '#shared/domain/verification-batch.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { submitBatch } from '#shared/services/verification-batches.ts';

/** POST /verification-batches: up to 10,000 items (typed fields or stored uploads) → 202 { batchId, total }; idempotent with Idempotency-Key. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['platform', 'investigator', 'admin'],
    body: CreateBatchRequest,
    middlewares: [idempotent(deps.repos.table, 'create-verification-batch')],
  }).handle(async ({ body, principal }) => {
    const engine = deps.batches;
    if (!engine) throw new DependencyUnavailableError('stepfunctions', 'No batch engine is configured (BATCHES_STATE_MACHINE_ARN).');
    return { status: 202, body: await submitBatch({ repos: deps.repos, engine }, body.items, principal) };
  });

export const handler = lambdaHandler(createHandler);

import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { batchStatus } from '#shared/services/verification-batches.ts';

/** GET /verification-batches/{batchId}: state, progress and the verdicts so far. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], path: z.object({ batchId: z.string().max(64) }) }).handle(async ({ path, principal }) => ({
    body: await batchStatus(deps.repos, path.batchId, principal),
  }));

export const handler = lambdaHandler(createHandler);

import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { batchResults, toNdjson } from '#shared/services/verification-batches.ts';

/** GET /verification-batches/{batchId}/results: one NDJSON line per finished item, in item order. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], path: z.object({ batchId: z.string().max(64) }) }).handle(async ({ path, principal }) => ({
    headers: { 'content-type': 'application/x-ndjson' },
    body: toNdjson(await batchResults(deps.repos, path.batchId, principal)),
  }));

export const handler = lambdaHandler(createHandler);

import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { batchResults, toNdjson } from '#shared/services/verification-batches.ts';

/** GET /verification-batches/{batchId}/results: one NDJSON line per finished item, in item order. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], path: z.object({ batchId: z.string().max(64) }) }).handle(
  async ({ path, principal }) => ({
    headers: { 'content-type': 'application/x-ndjson' },
    body: toNdjson(await batchResults(repositories(), path.batchId, principal)),
  }),
);

import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { batchStatus } from '#shared/services/verification-batches.ts';

/** GET /verification-batches/{batchId}: state, progress and the verdicts so far. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], path: z.object({ batchId: z.string().max(64) }) }).handle(
  async ({ path, principal }) => ({ body: await batchStatus(repositories(), path.batchId, principal) }),
);

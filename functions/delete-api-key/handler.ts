import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';

export const handler = route({ access: ['admin'], path: z.object({ keyId: z.string().regex(/^[a-z0-9]{12}$/) }) }).handle(
  async ({ path }) => {
    await repositories().apiKeys.delete(path.keyId);
    return { status: 204 };
  },
);

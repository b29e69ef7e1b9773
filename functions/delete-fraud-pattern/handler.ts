import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';

export const handler = route({ access: ['investigator', 'admin'], path: z.object({ id: z.string().regex(/^fp_[a-z0-9]{1,40}$/) }) }).handle(
  async ({ path }) => {
    await repositories().fraudPatterns.delete(path.id);
    return { status: 204 };
  },
);

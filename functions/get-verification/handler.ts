import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { getVerification } from '#shared/services/verifications.ts';

export const handler = route({
  access: ['platform', 'investigator', 'admin'],
  path: z.object({ verificationId: z.string().regex(/^v_[a-z0-9]{10,40}$/) }),
}).handle(async ({ path, principal }) => ({ body: await getVerification(repositories(), path.verificationId, principal) }));

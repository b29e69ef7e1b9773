import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { getIssuer } from '#shared/services/registry.ts';

/** The registry is readable by every role: platforms and investigators need it as much as admins. */
export const handler = route({
  access: ['admin', 'platform', 'investigator', 'issuer'],
  path: z.object({ issuerId: IssuerId }),
}).handle(async ({ path }) => ({ body: await getIssuer(repositories(), path.issuerId) }));

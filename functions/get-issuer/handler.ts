import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { getIssuer } from '#shared/services/registry.ts';

/** The registry is readable by every role: platforms and investigators need it as much as admins. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['admin', 'platform', 'investigator', 'issuer'],
    path: z.object({ issuerId: IssuerId }),
  }).handle(async ({ path }) => ({ body: await getIssuer(deps.repos, path.issuerId) }));

export const handler = lambdaHandler(createHandler);

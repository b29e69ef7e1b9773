import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

/** GET /whoami: the principal of the key, so the console shows what the key's role may do. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['admin', 'platform', 'issuer', 'investigator'] }).handle(({ principal }) => ({
    body: {
      keyId: principal.keyId,
      role: principal.role,
      ...(principal.issuerId ? { issuerId: principal.issuerId } : {}),
      ...(principal.platformId ? { platformId: principal.platformId } : {}),
    },
  }));

export const handler = lambdaHandler(createHandler);

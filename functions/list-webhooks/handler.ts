import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { listWebhooks } from '#shared/services/webhooks.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'] }).handle(async ({ principal }) => ({
    body: await listWebhooks(deps, principal),
  }));

export const handler = lambdaHandler(createHandler);

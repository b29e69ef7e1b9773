import { PageQuery } from '#shared/domain/common.ts';
import { WebhookIdPath } from '#shared/domain/webhook.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { listDeliveries } from '#shared/services/webhooks.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], path: WebhookIdPath, query: PageQuery }).handle(async ({ path, query, principal }) => ({
    body: await listDeliveries(deps, principal, path.webhookId, query),
  }));

export const handler = lambdaHandler(createHandler);

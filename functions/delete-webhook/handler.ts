import { WebhookIdPath } from '#shared/domain/webhook.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { deleteWebhook } from '#shared/services/webhooks.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], path: WebhookIdPath }).handle(async ({ path, principal }) => {
    await deleteWebhook(deps, principal, path.webhookId);
    return { status: 204 };
  });

export const handler = lambdaHandler(createHandler);

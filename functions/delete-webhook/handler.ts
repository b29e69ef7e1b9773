import { WebhookIdPath } from '#shared/domain/webhook.ts';
import { route } from '#shared/http/route.ts';
import { webhookDeps } from '#shared/services/webhook-container.ts';
import { deleteWebhook } from '#shared/services/webhooks.ts';

export const handler = route({ access: ['platform', 'investigator', 'admin'], path: WebhookIdPath }).handle(async ({ path, principal }) => {
  await deleteWebhook(webhookDeps(), principal, path.webhookId);
  return { status: 204 };
});

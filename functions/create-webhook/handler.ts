import { CreateWebhookInput } from '#shared/domain/webhook.ts';
import { route } from '#shared/http/route.ts';
import { webhookDeps } from '#shared/services/webhook-container.ts';
import { createWebhook } from '#shared/services/webhooks.ts';

export const handler = route({ access: ['platform', 'investigator', 'admin'], body: CreateWebhookInput }).handle(async ({ body, principal }) => ({
  status: 201,
  body: await createWebhook(webhookDeps(), principal, body),
}));

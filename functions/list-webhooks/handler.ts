import { route } from '#shared/http/route.ts';
import { webhookDeps } from '#shared/services/webhook-container.ts';
import { listWebhooks } from '#shared/services/webhooks.ts';

export const handler = route({ access: ['platform', 'investigator', 'admin'] }).handle(async ({ principal }) => ({
  body: await listWebhooks(webhookDeps(), principal),
}));

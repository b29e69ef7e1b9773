import { PageQuery } from '#shared/domain/common.ts';
import { WebhookIdPath } from '#shared/domain/webhook.ts';
import { route } from '#shared/http/route.ts';
import { webhookDeps } from '#shared/services/webhook-container.ts';
import { listDeliveries } from '#shared/services/webhooks.ts';

export const handler = route({ access: ['platform', 'investigator', 'admin'], path: WebhookIdPath, query: PageQuery }).handle(
  async ({ path, query, principal }) => ({ body: await listDeliveries(webhookDeps(), principal, path.webhookId, query) }),
);

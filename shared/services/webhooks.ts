import { randomBytes } from 'node:crypto';
import type { Principal } from '#shared/domain/api-key.ts';
import { ForbiddenError, ValidationFailedError, WebhookNotFoundError } from '#shared/domain/errors.ts';
import { EventTypesByRole, type CreateWebhookInput, type CreatedWebhook, type WebhookEventType } from '#shared/domain/webhook.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { audienceOf, ownerOf } from '#shared/webhooks/audience.ts';
import { isEventType } from '#shared/webhooks/events.ts';
import type { SecretBox } from '#shared/webhooks/secret-box.ts';
import { newWebhookSecret } from '#shared/webhooks/signing.ts';
import { parseTargetUrl, TargetRefusedError, type TargetPolicy } from '#shared/webhooks/ssrf-guard.ts';

/** POST/GET/DELETE /webhooks and the delivery log: each call acts only on the caller's own endpoints. */
export interface WebhookDeps {
  repos: Pick<Repositories, 'webhooks'>;
  secrets: SecretBox;
  policy: TargetPolicy;
}

const newWebhookId = (): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `wh_${[...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('')}`;
};

export const createWebhook = async (deps: WebhookDeps, principal: Principal, input: CreateWebhookInput, now = new Date()): Promise<CreatedWebhook> => {
  const unknown = input.events.filter((e) => !isEventType(e));
  if (unknown.length > 0) {
    throw new ValidationFailedError(`Unknown event type(s): ${unknown.join(', ')}.`, unknown.map((e) => ({ path: 'body.events', message: `unknown event type ${e}` })));
  }
  const events = [...new Set(input.events)] as WebhookEventType[];
  const allowed = EventTypesByRole[principal.role];
  const refused = events.filter((e) => !allowed.includes(e));
  if (refused.length > 0) throw new ForbiddenError(`A ${principal.role} key may not receive ${refused.join(', ')}.`);
  try {
    parseTargetUrl(input.url, deps.policy);
  } catch (e) {
    if (!(e instanceof TargetRefusedError)) throw e;
    throw new ValidationFailedError(e.message, [{ path: 'body.url', message: e.message }]);
  }
  const webhookId = newWebhookId();
  const secret = newWebhookSecret();
  const webhook = {
    webhookId,
    url: input.url,
    events,
    ...(input.description ? { description: input.description } : {}),
    state: 'ENABLED' as const,
    createdAt: now.toISOString(),
  };
  await deps.repos.webhooks.create({
    ...webhook,
    owner: ownerOf(principal),
    audience: audienceOf(principal),
    sealedSecret: await deps.secrets.seal(secret, webhookId),
  });
  return { webhookId, url: webhook.url, events, state: 'ENABLED', secret, ...(webhook.description ? { description: webhook.description } : {}), createdAt: webhook.createdAt };
};

export const listWebhooks = async (deps: Pick<WebhookDeps, 'repos'>, principal: Principal) => ({
  items: await deps.repos.webhooks.listByOwner(ownerOf(principal)),
});

export const deleteWebhook = (deps: Pick<WebhookDeps, 'repos'>, principal: Principal, webhookId: string) =>
  deps.repos.webhooks.delete(webhookId, ownerOf(principal));

export const listDeliveries = async (
  deps: Pick<WebhookDeps, 'repos'>,
  principal: Principal,
  webhookId: string,
  page: { limit: number; cursor?: string | undefined },
) => {
  const webhook = await deps.repos.webhooks.get(webhookId);
  if (!webhook || webhook.owner !== ownerOf(principal)) throw new WebhookNotFoundError(`No webhook ${webhookId}.`);
  return deps.repos.webhooks.listDeliveries(webhookId, page.limit, page.cursor);
};

import { z } from 'zod';
import { Timestamp } from './common.ts';
import type { Role } from './api-key.ts';

/** The event types of API.md "Webhooks". Names may be added, never renamed. */
export const WebhookEventType = z
  .enum(['verification.completed', 'verification.invalidated', 'report.status_changed'])
  .meta({ id: 'WebhookEventType' });
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/**
 * Who may receive which event: a platform hears about its own
 * verifications; investigators and admins about every report's status.
 */
export const EventTypesByRole: Readonly<Record<Role, readonly WebhookEventType[]>> = {
  platform: ['verification.completed', 'verification.invalidated'],
  investigator: ['report.status_changed'],
  admin: ['report.status_changed'],
  issuer: [],
} as const;

export const WebhookState = z.enum(['ENABLED', 'DISABLED']).meta({ id: 'WebhookState' });
export const DeliveryState = z.enum(['PENDING', 'DELIVERED', 'FAILED']).meta({ id: 'WebhookDeliveryState' });

export const CreateWebhookInput = z
  .object({
    url: z.string().trim().min(1).max(2048),
    events: z.array(z.string().trim().min(1).max(100)).min(1).max(10),
    description: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'CreateWebhookInput' });

export const Webhook = z
  .object({
    webhookId: z.string(),
    url: z.string(),
    events: z.array(WebhookEventType),
    description: z.string().optional(),
    state: WebhookState,
    createdAt: Timestamp,
  })
  .meta({ id: 'Webhook', description: 'A webhook endpoint as listed: never the secret' });

export const CreatedWebhook = Webhook.extend({
  secret: z.string().describe('whsec_ + base64 of 24+ random bytes; shown once, only stored encrypted'),
}).meta({ id: 'CreatedWebhook' });

export const WebhookDelivery = z
  .object({
    deliveryId: z.string().describe('The webhook-id header of every attempt of this delivery'),
    type: WebhookEventType,
    state: DeliveryState,
    attempts: z.number().int().min(0),
    lastStatus: z.number().int().optional().describe('HTTP status of the last attempt; absent after a timeout or a network error'),
    lastError: z.string().optional(),
    nextAttemptAt: Timestamp.optional(),
    createdAt: Timestamp,
  })
  .meta({ id: 'WebhookDelivery' });

export const WebhookIdPath = z.object({ webhookId: z.string().regex(/^wh_[a-z0-9]{20}$/, 'a webhook id') });

export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;
export type Webhook = z.infer<typeof Webhook>;
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
export type WebhookState = z.infer<typeof WebhookState>;
export type DeliveryState = z.infer<typeof DeliveryState>;

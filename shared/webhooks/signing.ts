import { createHash, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing with the `standardwebhooks` package: the
 * signature is `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`,
 * keyed with the base64-decoded part of the secret after `whsec_`.
 */
export const SECRET_BYTES = 32;

export const newWebhookSecret = (): string => `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export const signDelivery = (secret: string, deliveryId: string, at: Date, body: string): SignedHeaders => ({
  'webhook-id': deliveryId,
  'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  'webhook-signature': new Webhook(secret).sign(deliveryId, at, body),
});

/**
 * The delivery id (the `webhook-id` header) of one change for one endpoint:
 * derived, so that the fan-out of a replayed stream record writes the same
 * delivery again (and the conditional put keeps the first).
 */
export const deliveryIdOf = (eventKey: string, webhookId: string): string =>
  `msg_${createHash('sha256').update(`${eventKey}|${webhookId}`).digest('base64url').slice(0, 27)}`;

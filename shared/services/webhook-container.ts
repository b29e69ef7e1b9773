import { KMSClient } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import { repositories } from '#shared/services/container.ts';
import type { DeliveryQueue } from '#shared/webhooks/delivery-queue.ts';
import { retryScaleFromEnv } from '#shared/webhooks/retry-schedule.ts';
import { KmsSecretBox, type SecretBox } from '#shared/webhooks/secret-box.ts';
import { SqsDeliveryQueue } from '#shared/webhooks/sqs-queue.ts';
import type { TargetPolicy } from '#shared/webhooks/ssrf-guard.ts';
import type { DeliveryDeps } from './webhook-delivery.ts';
import type { FanoutDeps } from './webhook-fanout.ts';
import type { WebhookDeps } from './webhooks.ts';

/**
 * The webhook dependencies of this process, built once on first use (cold
 * start), in the pattern of container.ts until the composition roots of
 * shared/runtime take over. On AWS: KMS for the secrets
 * (WEBHOOK_SECRETS_KEY_ID), SQS for the delivery queue
 * (WEBHOOK_DELIVERY_QUEUE_URL), HTTPS-only public targets. The local
 * runtime installs its own (useWebhookRuntime) before the first request.
 */
export interface WebhookRuntime {
  secrets: SecretBox;
  queue: DeliveryQueue;
  policy: TargetPolicy;
  retryScale: number;
  secretCache: Map<string, Promise<string>>;
}

let current: WebhookRuntime | undefined;

const fromEnv = (env: NodeJS.ProcessEnv = process.env): WebhookRuntime => {
  const keyId = env.WEBHOOK_SECRETS_KEY_ID;
  const queueUrl = env.WEBHOOK_DELIVERY_QUEUE_URL;
  const secrets: SecretBox = keyId
    ? new KmsSecretBox(new KMSClient({}), keyId)
    : {
        seal: () => Promise.reject(new Error('WEBHOOK_SECRETS_KEY_ID is not set')),
        open: () => Promise.reject(new Error('WEBHOOK_SECRETS_KEY_ID is not set')),
      };
  const queue: DeliveryQueue = queueUrl
    ? new SqsDeliveryQueue(new SQSClient({}), queueUrl)
    : { send: () => Promise.reject(new Error('WEBHOOK_DELIVERY_QUEUE_URL is not set')) };
  return { secrets, queue, policy: { allowLoopback: false }, retryScale: retryScaleFromEnv(env), secretCache: new Map() };
};

export const webhookRuntime = (): WebhookRuntime => (current ??= fromEnv());

export const useWebhookRuntime = (runtime: WebhookRuntime | undefined): void => {
  current = runtime;
};

export const webhookDeps = (): WebhookDeps => ({ repos: repositories(), ...webhookRuntime() });
export const fanoutDeps = (): FanoutDeps => ({ repos: repositories(), queue: webhookRuntime().queue });
export const deliveryDeps = (): DeliveryDeps => ({ repos: repositories(), ...webhookRuntime() });

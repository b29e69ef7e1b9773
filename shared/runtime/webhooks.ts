import { KMSClient } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryQueue } from '#shared/webhooks/delivery-queue.ts';
import { retryScaleFromEnv } from '#shared/webhooks/retry-schedule.ts';
import { KmsSecretBox, type SecretBox } from '#shared/webhooks/secret-box.ts';
import { SqsDeliveryQueue } from '#shared/webhooks/sqs-queue.ts';
import type { TargetPolicy } from '#shared/webhooks/ssrf-guard.ts';

/**
 * What the webhook routes, the fan-out and the delivery need beyond the
 * store: the secret box, the delivery queue, the target policy and the retry
 * scale. On AWS (webhookRuntimeFromEnv): KMS (WEBHOOK_SECRETS_KEY_ID), SQS
 * (WEBHOOK_DELIVERY_QUEUE_URL), HTTPS-only public targets. The local runtime
 * builds its own (local/webhooks.ts).
 */
export interface WebhookRuntime {
  secrets: SecretBox;
  queue: DeliveryQueue;
  policy: TargetPolicy;
  retryScale: number;
  /** Opened secrets by webhook id, for the life of the process (one KMS Decrypt per endpoint and container). */
  secretCache: Map<string, Promise<string>>;
}

const missing = (what: string) => () => Promise.reject(new Error(`${what} is not configured in this runtime`));

/** For runtimes without webhooks (a function with no webhook access, most tests): any use throws. */
export const unconfiguredWebhooks: WebhookRuntime = {
  secrets: { seal: missing('the webhook secret box'), open: missing('the webhook secret box') },
  queue: { send: missing('the webhook delivery queue') },
  policy: { allowLoopback: false },
  retryScale: 1,
  secretCache: new Map(),
};

export const webhookRuntimeFromEnv = (env: NodeJS.ProcessEnv, maxAttempts = 3): WebhookRuntime => {
  const keyId = env.WEBHOOK_SECRETS_KEY_ID;
  const queueUrl = env.WEBHOOK_DELIVERY_QUEUE_URL;
  return {
    secrets: keyId ? new KmsSecretBox(new KMSClient({ maxAttempts }), keyId) : unconfiguredWebhooks.secrets,
    queue: queueUrl ? new SqsDeliveryQueue(new SQSClient({ maxAttempts }), queueUrl) : unconfiguredWebhooks.queue,
    policy: { allowLoopback: false },
    retryScale: retryScaleFromEnv(env),
    secretCache: new Map(),
  };
};

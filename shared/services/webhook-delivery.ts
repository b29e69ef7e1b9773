import type { Repositories } from '#shared/store/repositories.ts';
import type { StoredWebhook } from '#shared/store/webhook-repository.ts';
import type { DeliveryQueue } from '#shared/webhooks/delivery-queue.ts';
import { retryDelayMs } from '#shared/webhooks/retry-schedule.ts';
import type { SecretBox } from '#shared/webhooks/secret-box.ts';
import { signDelivery } from '#shared/webhooks/signing.ts';
import { checkTarget, TargetRefusedError, type Resolver, type TargetPolicy } from '#shared/webhooks/ssrf-guard.ts';
import type { DeliveryJob } from '#shared/webhooks/stream.ts';
import { postSigned, type AttemptOutcome } from '#shared/webhooks/transport.ts';

/**
 * One delivery attempt (Standard Webhooks): sign the stored body with the
 * endpoint's secret under the delivery's fixed webhook-id, POST it to the
 * checked address, record the outcome. Any 2xx is DELIVERED; 410 disables the
 * endpoint; anything else (or a timeout) is retried on the schedule with the
 * same webhook-id until the attempts run out (FAILED). A job that is not due
 * yet (a long delay, hopping through SQS's 900 s cap) waits again.
 */
export interface DeliveryDeps {
  repos: Pick<Repositories, 'webhooks'>;
  secrets: SecretBox;
  queue: DeliveryQueue;
  policy: TargetPolicy;
  /** Shrinks the retry schedule (tests, WEBHOOK_RETRY_SCALE). */
  retryScale: number;
  resolve?: Resolver;
  timeoutMs?: number;
  random?: () => number;
  clock?: () => number;
  /** Opened secrets by webhook id, kept for the life of the process (one KMS Decrypt per endpoint and container). */
  secretCache?: Map<string, Promise<string>>;
}

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'disabled' | 'deferred' | 'skipped';

/** Jobs due within this much are sent now rather than queued again. */
const DUE_TOLERANCE_MS = 50;

const secretOf = (deps: DeliveryDeps, webhook: StoredWebhook): Promise<string> => {
  const cache = deps.secretCache;
  const cached = cache?.get(webhook.webhookId);
  if (cached) return cached;
  const opened = deps.secrets.open(webhook.sealedSecret, webhook.webhookId);
  cache?.set(webhook.webhookId, opened);
  opened.catch(() => cache?.delete(webhook.webhookId));
  return opened;
};

const attempt = async (deps: DeliveryDeps, webhook: StoredWebhook, deliveryId: string, payload: string, now: number): Promise<AttemptOutcome> => {
  try {
    const target = await checkTarget(webhook.url, deps.policy, deps.resolve);
    const headers = signDelivery(await secretOf(deps, webhook), deliveryId, new Date(now), payload);
    return await postSigned(target, payload, { ...headers }, deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs });
  } catch (e) {
    if (e instanceof TargetRefusedError) return { error: `target refused: ${e.message}` };
    throw e;
  }
};

/**
 * Reads the delivery and its webhook for every job of one invocation in one
 * BatchGetItem: the reads asked for in the same turn of the event loop are
 * sent together (an SQS batch of 10 jobs is one read of at most 11 items).
 */
export class DeliveryReader {
  private waiting: Array<{ job: DeliveryJob; done: (r: Found) => void; fail: (e: unknown) => void }> = [];

  constructor(private readonly repos: DeliveryDeps['repos']) {}

  read(job: DeliveryJob): Promise<Found> {
    return new Promise((done, fail) => {
      if (this.waiting.push({ job, done, fail }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const found = await this.repos.webhooks.deliveriesWithWebhooks(batch.map((b) => b.job));
      batch.forEach((b, i) => b.done(found[i] ?? {}));
    } catch (e) {
      for (const b of batch) b.fail(e);
    }
  }
}

type Found = Awaited<ReturnType<DeliveryDeps['repos']['webhooks']['deliveryWithWebhook']>>;

export const deliver = async (deps: DeliveryDeps, job: DeliveryJob, reader?: DeliveryReader): Promise<DeliveryOutcome> => {
  const now = (deps.clock ?? Date.now)();
  if (job.notBefore !== undefined && job.notBefore > now + DUE_TOLERANCE_MS) {
    await deps.queue.send([{ job, delayMs: job.notBefore - now }]);
    return 'deferred';
  }
  const { webhook, delivery } = await (reader ? reader.read(job) : deps.repos.webhooks.deliveryWithWebhook(job));
  // Deleted endpoint, a finished delivery, or a duplicate receipt of an attempt already made.
  if (!webhook || !delivery || delivery.state !== 'PENDING' || delivery.attempts >= job.attempt) return 'skipped';
  if (webhook.state !== 'ENABLED') {
    await deps.repos.webhooks.recordAttempt(job, { state: 'FAILED', lastError: 'endpoint disabled' });
    return 'skipped';
  }

  const outcome = await attempt(deps, webhook, delivery.deliveryId, delivery.payload, now);
  const status = 'status' in outcome ? outcome.status : undefined;
  const failure = 'error' in outcome ? { lastError: outcome.error } : {};
  if (status !== undefined && status >= 200 && status < 300) {
    await deps.repos.webhooks.recordAttempt(job, { state: 'DELIVERED', lastStatus: status });
    return 'delivered';
  }
  if (status === 410) {
    await deps.repos.webhooks.disable(webhook.webhookId);
    await deps.repos.webhooks.recordAttempt(job, { state: 'FAILED', lastStatus: status, lastError: 'endpoint answered 410 Gone: disabled' });
    return 'disabled';
  }
  const delay = retryDelayMs(job.attempt, { scale: deps.retryScale, ...(deps.random ? { random: deps.random } : {}) });
  const result = { ...(status !== undefined ? { lastStatus: status } : {}), ...failure };
  if (delay === undefined) {
    await deps.repos.webhooks.recordAttempt(job, { state: 'FAILED', ...result });
    return 'failed';
  }
  const notBefore = now + delay;
  // Queue the retry before recording: if recording fails, the retry still happens (at least once).
  await deps.queue.send([{ job: { ...job, attempt: job.attempt + 1, notBefore }, delayMs: delay }]);
  await deps.repos.webhooks.recordAttempt(job, { state: 'PENDING', ...result, nextAttemptAt: new Date(notBefore).toISOString() });
  return 'retrying';
};

import type { DeliveryJob } from './stream.ts';

/**
 * Where delivery jobs wait: SQS on AWS (per-message DelaySeconds, at most
 * 900 s a hop), an in-process timer queue locally. Both feed the same
 * delivery handler with SQS-shaped records.
 */
export interface DeliveryQueue {
  send(jobs: ReadonlyArray<{ job: DeliveryJob; delayMs: number }>): Promise<void>;
}

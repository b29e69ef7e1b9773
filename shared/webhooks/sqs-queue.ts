import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryQueue } from './delivery-queue.ts';
import { MAX_QUEUE_DELAY_MS } from './retry-schedule.ts';

/**
 * The delivery queue on AWS. A per-message DelaySeconds holds a retry for
 * up to 900 s; a longer wait is a job with `notBefore` that the delivery
 * function sends back to the queue until it is due (10 h = 40 hops), which
 * needs no scheduler and keeps every retry in one queue with one DLQ.
 */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(jobs: Parameters<DeliveryQueue['send']>[0]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 10) {
      let entries = jobs.slice(i, i + 10).map(({ job, delayMs }, n) => ({
        Id: String(n),
        MessageBody: JSON.stringify(job),
        DelaySeconds: Math.min(MAX_QUEUE_DELAY_MS, Math.max(0, Math.ceil(delayMs / 1000) * 1000)) / 1000,
      }));
      for (let attempt = 0; entries.length > 0; attempt++) {
        if (attempt === 3) throw new Error(`SQS SendMessageBatch left ${entries.length} message(s) unsent`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
      }
    }
  }
}

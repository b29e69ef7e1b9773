import { z } from 'zod';
import type { Repositories } from '#shared/store/repositories.ts';
import type { AffectedBy, AffectedVerification } from '#shared/store/affected-verifications.ts';
import type { StoredDelivery, StoredWebhook } from '#shared/store/webhook-repository.ts';
import { ownerOf, STAFF_AUDIENCE } from '#shared/webhooks/audience.ts';
import type { DeliveryQueue } from '#shared/webhooks/delivery-queue.ts';
import { InvalidatingStatuses, type OutboundEvent, type VerificationInvalidatedData } from '#shared/webhooks/events.ts';
import { deliveryIdOf } from '#shared/webhooks/signing.ts';
import type { ChangeRecord, DeliveryJob } from '#shared/webhooks/stream.ts';

/**
 * The fan-out: one table change (a DynamoDB Streams record, validated by the
 * parser) → the events it means → one stored delivery per subscribed,
 * enabled endpoint → a job on the delivery queue. Replays are harmless: a
 * delivery id is derived from the change and the endpoint, so a replay writes
 * the same log entries again and re-queues them (delivered at least once).
 * Lookups: one Query per changed report or pattern (plus pages) for the
 * affected verifications, and one Query per audience for its endpoints.
 */
export interface FanoutDeps {
  repos: Pick<Repositories, 'webhooks' | 'affectedVerifications' | 'issuers'>;
  queue: DeliveryQueue;
  /** Page size of the affected-verification Queries (DynamoDB's 1 MB page when unset). */
  pageSize?: number;
}

const Submitter = z.object({ keyId: z.string(), role: z.string(), platformId: z.string().optional() });

const VerificationImage = z.looseObject({
  entity: z.literal('Verification'),
  verificationId: z.string(),
  verdict: z.string(),
  riskScore: z.number(),
  createdAt: z.string(),
  reportNumber: z.string().optional(),
  issuerId: z.string().optional(),
  sellerId: z.string().optional(),
  listingId: z.string().optional(),
  submittedBy: Submitter.optional(),
});

const ReportImage = z.looseObject({
  entity: z.literal('Report'),
  issuerId: z.string(),
  reportNumber: z.string(),
  status: z.string(),
  updatedAt: z.string().optional(),
  history: z.array(z.looseObject({ status: z.string(), reason: z.string().optional(), at: z.string() })).default([]),
});

const FraudPatternImage = z.looseObject({
  entity: z.literal('FraudPattern'),
  id: z.string(),
  kind: z.string(),
  value: z.string(),
  match: z.string(),
  severity: z.string(),
  createdAt: z.string(),
});

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

const invalidated = (
  v: AffectedVerification,
  reason: VerificationInvalidatedData['reason'],
  key: string,
  timestamp: string,
): OutboundEvent | undefined => {
  if (!v.submittedBy || !v.reportNumber || !v.issuerId) return undefined;
  return {
    key: `verification.invalidated|${v.verificationId}|${key}`,
    audience: ownerOf(v.submittedBy),
    event: {
      type: 'verification.invalidated',
      timestamp,
      data: {
        verificationId: v.verificationId,
        reportNumber: v.reportNumber,
        issuerId: v.issuerId,
        previousVerdict: v.verdict,
        ...optional('sellerId', v.sellerId),
        ...optional('listingId', v.listingId),
        reason,
      },
    },
  };
};

/** Fans the records of one batch out; endpoints are read once per audience per batch. */
export class Fanout {
  private readonly subscribers = new Map<string, Promise<StoredWebhook[]>>();
  /** Counts for the logs and the benchmark. */
  readonly stats = { events: 0, deliveries: 0 };

  constructor(private readonly deps: FanoutDeps) {}

  async handle(record: ChangeRecord): Promise<void> {
    const { NewImage: next, OldImage: previous } = record.dynamodb;
    if (!next) return;
    if (next.entity === 'Verification') return this.verificationStored(next, previous);
    if (next.entity === 'Report') return this.reportChanged(next, previous);
    if (next.entity === 'FraudPattern' && record.eventName === 'INSERT') return this.patternAdded(next);
  }

  private async verificationStored(nextImage: unknown, previousImage: unknown): Promise<void> {
    const v = VerificationImage.safeParse(nextImage);
    const submitter = v.success ? v.data.submittedBy : undefined;
    if (!v.success || !submitter) return;
    const before = previousImage as { verdict?: unknown } | undefined;
    if (before?.verdict !== undefined) return; // already stored with a verdict: not a completion
    const d = v.data;
    await this.deliver([
      {
        key: `verification.completed|${d.verificationId}`,
        audience: ownerOf(submitter),
        event: {
          type: 'verification.completed',
          timestamp: d.createdAt,
          data: {
            verificationId: d.verificationId,
            verdict: d.verdict,
            riskScore: d.riskScore,
            ...optional('reportNumber', d.reportNumber),
            ...optional('issuerId', d.issuerId),
            ...optional('sellerId', d.sellerId),
            ...optional('listingId', d.listingId),
          },
        },
      },
    ]);
  }

  private async reportChanged(nextImage: unknown, previousImage: unknown): Promise<void> {
    const now = ReportImage.safeParse(nextImage);
    const before = ReportImage.safeParse(previousImage);
    if (!now.success) return;
    const r = now.data;
    const previousStatus = before.success ? before.data.status : undefined;
    if (previousStatus === r.status) return;
    const last = r.history.at(-1);
    const at = last?.at ?? r.updatedAt ?? new Date().toISOString();
    const changeKey = `${r.issuerId}|${r.reportNumber}|${r.history.length}|${r.status}`;
    await this.deliver([
      {
        key: `report.status_changed|${changeKey}`,
        audience: STAFF_AUDIENCE,
        event: {
          type: 'report.status_changed',
          timestamp: at,
          data: {
            issuerId: r.issuerId,
            reportNumber: r.reportNumber,
            status: r.status,
            ...optional('previousStatus', previousStatus),
            ...optional('reason', last?.reason),
            changedAt: at,
          },
        },
      },
    ]);
    if (!InvalidatingStatuses.includes(r.status)) return;
    await this.invalidate({ by: 'report', issuerId: r.issuerId, reportNumber: r.reportNumber }, (v) =>
      invalidated(v, { kind: 'REPORT_STATUS', status: r.status }, `REPORT_STATUS|${changeKey}`, at),
    );
  }

  private async patternAdded(nextImage: unknown): Promise<void> {
    const p = FraudPatternImage.safeParse(nextImage);
    if (!p.success || p.data.severity !== 'HIGH' || p.data.match !== 'EXACT') return;
    const { id, kind, value, createdAt } = p.data;
    const targets: AffectedBy[] = [];
    if (kind === 'REPORT_NUMBER') targets.push({ by: 'reportNumber', reportNumber: value });
    if (kind === 'DOCUMENT_SHA256') targets.push({ by: 'document', sha256: value.trim().toLowerCase() });
    if (kind === 'SELLER') {
      for (const sellerId of new Set([value.trim(), value.trim().toLowerCase()])) targets.push({ by: 'seller', sellerId });
    }
    if (kind === 'ISSUER_NAME' || kind === 'ACCREDITATION_NUMBER') {
      const issuer = kind === 'ISSUER_NAME' ? await this.deps.repos.issuers.findByName(value) : await this.deps.repos.issuers.findByAccreditationNumber(value);
      if (issuer) targets.push({ by: 'issuer', issuerId: issuer.issuerId });
    }
    for (const target of targets) {
      await this.invalidate(target, (v) => invalidated(v, { kind: 'FRAUD_PATTERN', patternId: id }, `FRAUD_PATTERN|${id}`, createdAt));
    }
  }

  /** One Query (plus pages) for the affected verifications; each page is delivered as it arrives. */
  private async invalidate(target: AffectedBy, toEvent: (v: AffectedVerification) => OutboundEvent | undefined): Promise<void> {
    for await (const page of this.deps.repos.affectedVerifications.find(target, this.deps.pageSize)) {
      await this.deliver(page.flatMap((v) => toEvent(v) ?? []));
    }
  }

  private endpointsOf(audience: string): Promise<StoredWebhook[]> {
    let found = this.subscribers.get(audience);
    if (!found) {
      found = this.deps.repos.webhooks.byAudience(audience);
      this.subscribers.set(audience, found);
    }
    return found;
  }

  /**
   * Stores the deliveries (BatchWriteItem) and queues them, 100 at a time, so
   * the first endpoints hear of a change while the rest are still written.
   */
  private async deliver(events: OutboundEvent[]): Promise<void> {
    this.stats.events += events.length;
    const pending: StoredDelivery[] = [];
    for (const outbound of events) {
      for (const webhook of await this.endpointsOf(outbound.audience)) {
        if (webhook.state !== 'ENABLED' || !webhook.events.includes(outbound.event.type)) continue;
        pending.push({
          webhookId: webhook.webhookId,
          deliveryId: deliveryIdOf(outbound.key, webhook.webhookId),
          type: outbound.event.type,
          state: 'PENDING',
          attempts: 0,
          createdAt: outbound.event.timestamp,
          payload: JSON.stringify(outbound.event),
        });
      }
    }
    for (let i = 0; i < pending.length; i += 100) {
      const chunk = pending.slice(i, i + 100);
      await this.deps.repos.webhooks.putDeliveries(chunk);
      const jobs: DeliveryJob[] = chunk.map((d) => ({ webhookId: d.webhookId, deliveryId: d.deliveryId, createdAt: d.createdAt, attempt: 1 }));
      await this.deps.queue.send(jobs.map((job) => ({ job, delayMs: 0 })));
      this.stats.deliveries += jobs.length;
    }
  }
}

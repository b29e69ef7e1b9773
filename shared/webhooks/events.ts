import { z } from 'zod';
import { WebhookEventType } from '#shared/domain/webhook.ts';

/**
 * The body of every delivery: `{ type, timestamp, data }` (Standard
 * Webhooks). `data` per type follows API.md "Webhooks"; extra fields may be
 * added, never renamed.
 */
export const VerificationCompletedData = z.object({
  verificationId: z.string(),
  verdict: z.string(),
  riskScore: z.number(),
  reportNumber: z.string().optional(),
  issuerId: z.string().optional(),
  sellerId: z.string().optional(),
  listingId: z.string().optional(),
});

export const InvalidationReason = z.object({
  kind: z.enum(['REPORT_STATUS', 'FRAUD_PATTERN']),
  status: z.string().optional(),
  patternId: z.string().optional(),
});

export const VerificationInvalidatedData = z.object({
  verificationId: z.string(),
  reportNumber: z.string(),
  issuerId: z.string(),
  previousVerdict: z.string(),
  sellerId: z.string().optional(),
  listingId: z.string().optional(),
  reason: InvalidationReason,
});

export const ReportStatusChangedData = z.object({
  issuerId: z.string(),
  reportNumber: z.string(),
  status: z.string(),
  previousStatus: z.string().optional(),
  reason: z.string().optional(),
  changedAt: z.string(),
});

export const WebhookEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('verification.completed'), timestamp: z.string(), data: VerificationCompletedData }),
  z.object({ type: z.literal('verification.invalidated'), timestamp: z.string(), data: VerificationInvalidatedData }),
  z.object({ type: z.literal('report.status_changed'), timestamp: z.string(), data: ReportStatusChangedData }),
]);

export type WebhookEvent = z.infer<typeof WebhookEvent>;
export type VerificationInvalidatedData = z.infer<typeof VerificationInvalidatedData>;

/** Report statuses under which an AUTHENTIC verification no longer holds. */
export const InvalidatingStatuses: readonly string[] = ['SUSPENDED', 'WITHDRAWN', 'REVOKED', 'SUPERSEDED'] as const;

/**
 * An event bound for one owner's endpoints. `key` names the change itself
 * (stable across a replayed stream record), so the same change yields the
 * same delivery id and a replay is stored once.
 */
export interface OutboundEvent {
  readonly key: string;
  /** Whose endpoints hear it: `PLATFORM#<id>` / `KEY#<keyId>`, or the staff partition. */
  readonly audience: string;
  readonly event: WebhookEvent;
}

export const isEventType = (s: string): s is z.infer<typeof WebhookEventType> => (WebhookEventType.options as readonly string[]).includes(s);

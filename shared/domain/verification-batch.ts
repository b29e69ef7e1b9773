import { z } from 'zod';
import { Timestamp } from './common.ts';
import { TypedFields, Verdict } from './verification.ts';

/** The most items one POST /verification-batches takes (API.md, Batches). */
export const MAX_BATCH_ITEMS = 10_000;

const SubmissionContext = {
  sellerId: z.string().trim().min(1).max(128).optional(),
  listingId: z.string().trim().min(1).max(128).optional(),
  claimedProduct: z.string().trim().min(1).max(500).optional(),
};

/** One item: typed-in fields, or a file already stored through POST /uploads (its verificationId). */
export const BatchItem = z
  .union([
    z.strictObject({ fields: TypedFields, ...SubmissionContext }),
    z.strictObject({ uploadId: z.string().regex(/^v_[a-z0-9]{10,40}$/, 'the verificationId of a POST /uploads'), ...SubmissionContext }),
  ])
  .meta({ id: 'VerificationBatchItem' });

/**
 * The body: each item is validated on its own, so that an invalid item is
 * that item's error line (422) and never refuses the other items.
 */
export const CreateBatchRequest = z
  .object({ items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS).meta({ description: `1 to ${MAX_BATCH_ITEMS} items, each a VerificationBatchItem` }) })
  .meta({ id: 'CreateVerificationBatchRequest' });

export const BatchAccepted = z.object({ batchId: z.string(), total: z.number().int() }).meta({ id: 'VerificationBatchAccepted' });

export const BatchState = z.enum(['RUNNING', 'DONE']);

export const BatchStatus = z
  .object({
    batchId: z.string(),
    state: BatchState,
    total: z.number().int(),
    done: z.number().int(),
    verdicts: z.partialRecord(Verdict, z.number().int()),
    errors: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'VerificationBatchStatus' });

export const BatchItemError = z.object({ status: z.number().int(), code: z.string() });

/** One line of GET /verification-batches/{batchId}/results. */
export const BatchResultLine = z
  .union([
    z.object({
      index: z.number().int(),
      verificationId: z.string(),
      verdict: Verdict,
      riskScore: z.number(),
      reportNumber: z.string().optional(),
      sellerId: z.string().optional(),
      listingId: z.string().optional(),
    }),
    z.object({ index: z.number().int(), error: BatchItemError }),
  ])
  .meta({ id: 'VerificationBatchResultLine' });

export type BatchItem = z.infer<typeof BatchItem>;
export type BatchStatus = z.infer<typeof BatchStatus>;
export type BatchResultLine = z.infer<typeof BatchResultLine>;
export type BatchItemError = z.infer<typeof BatchItemError>;

/** An item as the engine carries it: its position, and the item or the reason it was refused at submission. */
export type IndexedBatchItem = { index: number; item: BatchItem } | { index: number; invalid: BatchItemError };

/** The stored header of a batch. */
export interface BatchHeader {
  batchId: string;
  total: number;
  createdAt: string;
  submittedBy: { keyId: string; role: string; platformId?: string };
}

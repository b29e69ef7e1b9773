import { z } from 'zod';
import { PageQuery, Timestamp } from './common.ts';
import { Verdict } from './verification.ts';

/** What a person decided about a verification (API.md, Review). */
export const ReviewDecision = z.enum(['GENUINE', 'FRAUDULENT', 'ESCALATED']).meta({ id: 'ReviewDecision' });
/** The fraud patterns a review may create from the verification it decides. */
export const ReviewPatternKind = z.enum(['DOCUMENT_SHA256', 'REPORT_NUMBER', 'SELLER']).meta({ id: 'ReviewPatternKind' });
export const ReviewState = z.enum(['OPEN', 'DECIDED']).meta({ id: 'ReviewState' });

/**
 * The reason codes the console offers. The API takes any code of this shape,
 * so a team can add its own; these are the ones with copy in both languages.
 */
export const SuggestedReasonCodes = {
  GENUINE: ['ISSUER_CONFIRMED', 'OCR_MISREAD', 'REGISTRY_LAG', 'DATA_ENTRY_ERROR'],
  FRAUDULENT: ['EDITED_DOCUMENT', 'FAKE_NUMBER', 'BORROWED_ACCREDITATION', 'ISSUER_DENIED', 'REUSED_REPORT'],
  ESCALATED: ['NEEDS_ISSUER_CONTACT', 'NEEDS_SECOND_OPINION', 'LEGAL_HOLD'],
} as const;

export const ReasonCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'UPPER_SNAKE_CASE, 2-64 characters')
  .meta({ id: 'ReasonCode', example: 'EDITED_DOCUMENT' });

export const ReviewInput = z
  .object({
    decision: ReviewDecision,
    reasonCode: ReasonCode,
    note: z.string().trim().max(2000).optional(),
    addFraudPatterns: z.array(ReviewPatternKind).max(3).optional(),
  })
  .meta({ id: 'ReviewInput' });

export const Reviewer = z.object({ keyId: z.string(), role: z.string() });

export const Review = z
  .object({
    reviewId: z.string(),
    verificationId: z.string(),
    decision: ReviewDecision,
    reasonCode: z.string(),
    note: z.string().optional(),
    reviewer: Reviewer,
    createdAt: Timestamp,
    fraudPatterns: z
      .array(z.object({ kind: ReviewPatternKind, id: z.string().optional(), state: z.enum(['CREATED', 'EXISTS']) }))
      .optional()
      .describe('The fraud patterns this review asked for: created, or already there'),
  })
  .meta({ id: 'Review' });

/** One line of the review queue. */
export const ReviewQueueItem = z
  .object({
    verificationId: z.string(),
    verdict: Verdict,
    riskScore: z.number().int().min(0).max(100),
    reportNumber: z.string().optional(),
    issuerId: z.string().optional(),
    sellerId: z.string().optional(),
    createdAt: Timestamp,
    state: ReviewState,
    reasons: z.array(z.string()).describe('The codes of the checks that failed or warned'),
    finalVerdict: Verdict.optional(),
    decidedAt: Timestamp.optional(),
  })
  .meta({ id: 'ReviewQueueItem' });

export const ReviewQueueQuery = PageQuery.extend({ state: ReviewState.default('OPEN') });

/** GENUINE → AUTHENTIC, FRAUDULENT → FRAUDULENT; ESCALATED leaves the verification open. */
export const finalVerdictOf = (decision: ReviewDecision): 'AUTHENTIC' | 'FRAUDULENT' | undefined =>
  decision === 'GENUINE' ? 'AUTHENTIC' : decision === 'FRAUDULENT' ? 'FRAUDULENT' : undefined;

export type ReviewDecision = z.infer<typeof ReviewDecision>;
export type ReviewPatternKind = z.infer<typeof ReviewPatternKind>;
export type ReviewState = z.infer<typeof ReviewState>;
export type ReviewInput = z.infer<typeof ReviewInput>;
export type Review = z.infer<typeof Review>;
export type ReviewQueueItem = z.infer<typeof ReviewQueueItem>;
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuery>;

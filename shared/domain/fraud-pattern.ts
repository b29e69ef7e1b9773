import { z } from 'zod';
import { Timestamp } from './common.ts';
import { compileSafeRegex } from './safe-regex.ts';

export const FraudPatternKind = z
  .enum(['REPORT_NUMBER', 'DOCUMENT_SHA256', 'ISSUER_NAME', 'ACCREDITATION_NUMBER', 'PHRASE', 'QR_DOMAIN', 'SELLER'])
  .meta({ id: 'FraudPatternKind' });
export const FraudPatternMatch = z.enum(['EXACT', 'REGEX']).meta({ id: 'FraudPatternMatch' });
export const Severity = z.enum(['HIGH', 'MEDIUM', 'LOW']).meta({ id: 'Severity' });

export const FraudPatternInput = z
  .object({
    kind: FraudPatternKind,
    value: z.string().trim().min(1).max(500),
    match: FraudPatternMatch.default('EXACT'),
    severity: Severity,
    note: z.string().trim().max(1000).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.match !== 'REGEX') return;
    // REGEX patterns run on RE2 (linear time); what it cannot run is refused here, with the reason.
    const compiled = compileSafeRegex(p.value, { caseInsensitive: true });
    if (!compiled.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: `not a valid regular expression: ${compiled.reason}` });
  })
  .meta({ id: 'FraudPatternInput' });

export const FraudPattern = z
  .object({
    id: z.string(),
    kind: FraudPatternKind,
    value: z.string(),
    match: FraudPatternMatch,
    severity: Severity,
    note: z.string().optional(),
    createdAt: Timestamp,
    createdBy: z.string(),
    source: z
      .object({ reviewId: z.string(), verificationId: z.string() })
      .optional()
      .describe('Set when a review created the pattern (POST /verifications/{id}/reviews, addFraudPatterns)'),
    demo: z.boolean().optional(),
  })
  .meta({ id: 'FraudPattern' });

export const FraudPatternListQuery = z.object({ kind: FraudPatternKind.optional() });

/**
 * Patterns that are looked up by key during a verification (one BatchGetItem).
 * PHRASE patterns and every REGEX pattern are matched against text instead and are listed.
 */
export const isKeyedPattern = (p: { kind: FraudPatternKind; match: FraudPatternMatch }): boolean =>
  p.match === 'EXACT' && p.kind !== 'PHRASE';

export type FraudPatternKind = z.infer<typeof FraudPatternKind>;
export type FraudPatternMatch = z.infer<typeof FraudPatternMatch>;
export type Severity = z.infer<typeof Severity>;
export type FraudPatternInput = z.infer<typeof FraudPatternInput>;
export type FraudPattern = z.infer<typeof FraudPattern>;

import { z } from 'zod';

/** A calendar date as `YYYY-MM-DD`, checked to be a real day. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected YYYY-MM-DD', abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a calendar date')
  .meta({ id: 'IsoDate', description: 'A calendar date, YYYY-MM-DD', example: '2025-03-14' });

/** An instant as an ISO 8601 string in UTC. */
export const Timestamp = z.iso.datetime().meta({ id: 'Timestamp', example: '2025-03-14T08:00:00.000Z' });

/** Identifiers that appear in URL paths: short, printable, no slashes. */
export const IssuerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes, 2-63 characters')
  .meta({ id: 'IssuerId', example: 'huace-testing' });

export const ReportNumber = z
  .string()
  .trim()
  .min(1, { error: 'required', abort: true })
  .max(64, { abort: true })
  .regex(/^[^\s/?#]+(?: [^\s/?#]+)*$/, 'no slashes, question marks or hashes')
  .meta({ id: 'ReportNumber', example: 'HC2025-031400127' });

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().optional().describe('Opaque; pass back as `cursor` for the next page'),
  });

/** `?limit=&cursor=` of every list route; list queries extend it. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** Time-ordered verification ids (shared/services/verification-id.ts makes them). */
export const VERIFICATION_ID_PATTERN = /v_[a-z0-9]{10,40}/;
export const VerificationId = z
  .string()
  .regex(new RegExp(`^${VERIFICATION_ID_PATTERN.source}$`), 'v_ and 10-40 lowercase letters or digits')
  .meta({ id: 'VerificationId', example: 'v_0m8k3x2a1b2c3d4e5f6g7h8' });

/** The public part of an API key `cvk_<keyId>_<secret>`. */
export const ApiKeyId = z.string().regex(/^[a-z0-9]{12}$/, '12 lowercase letters or digits').meta({ id: 'ApiKeyId' });

export const FraudPatternId = z.string().regex(/^fp_[a-z0-9]{1,40}$/, 'fp_ and lowercase letters or digits').meta({ id: 'FraudPatternId' });

/** Where something is printed on a page, in fractions of the page (0..1), as the console draws it. */
export const PageBox = z.object({ left: z.number(), top: z.number(), width: z.number(), height: z.number() });

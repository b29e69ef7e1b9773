import type { Check } from './check.ts';
import { z } from 'zod';
import { reads, results, type SummaryCopy } from './check.ts';
import type { CheckContext } from './context.ts';
import { selectRegisteredReport } from './context.ts';
import { isoDay } from './text-match.ts';

const name = 'validity';
const r = results(name);

export const ValidityCodes = {
  VALID_NOW: 'VALID_NOW',
  EXPIRED: 'EXPIRED',
} as const;
const Codes = ValidityCodes;

/** The registered validUntil when there is a registration (a printed one that differs is fields-match's business), else the printed one. */
const validUntilOf = (ctx: CheckContext): { validUntil: string; source: 'registered' | 'printed' } | undefined => {
  const registered = selectRegisteredReport(ctx)?.validUntil;
  if (registered !== undefined) return { validUntil: registered, source: 'registered' };
  const printed = ctx.fields.validUntil?.value;
  return printed !== undefined ? { validUntil: printed, source: 'printed' } : undefined;
};

/** A certificate past its validUntil is not valid now (it is valid through that day, UTC). */
export const validity: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => validUntilOf(ctx) !== undefined,
  run: (ctx) => {
    const v = validUntilOf(ctx);
    if (!v) throw new Error('applies() guarantees a validUntil');
    const today = isoDay(ctx.now);
    const evidence = { validUntil: v.validUntil, source: v.source, today };
    return v.validUntil < today
      ? r.fail(Codes.EXPIRED, `The document expired on ${v.validUntil}.`, evidence)
      : r.pass(Codes.VALID_NOW, `The document is valid until ${v.validUntil}.`, evidence);
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

/** What the copy reads of an EXPIRED result. */
const ExpiryEvidence = z.object({ validUntil: z.string() });

export const ValidityCopy: SummaryCopy = {
  [Codes.EXPIRED]: reads(ExpiryEvidence, (e) => ({ en: `the document expired on ${e.validUntil}`, zh: `该文件已于${e.validUntil}过期` })),
};

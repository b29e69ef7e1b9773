import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import type { CheckContext } from './context.ts';
import { issuerByPrintedName, issuerHoldingAccreditation, printedAccreditations, resolveIssuer, sameAccreditationNumber } from './context.ts';

const name = 'accreditation-matches-issuer';
const r = results(name);

export const AccreditationMatchesIssuerCodes = {
  MATCHES: 'MATCHES',
  NOT_ISSUERS: 'NOT_ISSUERS',
  UNREGISTERED_ACCREDITATION: 'UNREGISTERED_ACCREDITATION',
} as const;
const Codes = AccreditationMatchesIssuerCodes;

/** The issuer the accreditation numbers must belong to: the one the printed name names, else the resolved one. */
const namedIssuer = (ctx: CheckContext) => issuerByPrintedName(ctx)?.issuer ?? resolveIssuer(ctx)?.issuer;

/**
 * Every printed accreditation number belongs to the named issuer.
 * - held by another registered issuer, or a different number in a scheme the
 *   issuer holds (e.g. a second CNAS number) → FAIL NOT_ISSUERS;
 * - unknown to the registry in a scheme the issuer has no record of (our
 *   registry may simply lack its CMA number) → WARN UNREGISTERED_ACCREDITATION.
 * Numbers are compared after normalisation, scheme aside: an ILAC-MRA mark
 * carries the CNAS number.
 */
export const accreditationMatchesIssuer: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => printedAccreditations(ctx).length > 0 && namedIssuer(ctx) !== undefined,
  run: (ctx) => {
    const issuer = namedIssuer(ctx);
    if (!issuer) throw new Error('applies() guarantees an issuer');
    const matched: Array<{ scheme: string; number: string }> = [];
    const mismatches: Array<{ scheme: string; number: string; heldBy: string | null }> = [];
    const unregistered: Array<{ scheme: string; number: string }> = [];
    for (const ref of printedAccreditations(ctx)) {
      const printed = { scheme: ref.scheme, number: ref.number };
      if (issuer.accreditations.some((a) => sameAccreditationNumber(a.number, ref.number))) {
        matched.push(printed);
        continue;
      }
      const holder = issuerHoldingAccreditation(ctx, ref.number);
      if (holder) {
        mismatches.push({ ...printed, heldBy: holder.issuerId });
      } else if (ref.scheme !== 'OTHER' && issuer.accreditations.some((a) => a.scheme === ref.scheme)) {
        mismatches.push({ ...printed, heldBy: null });
      } else {
        unregistered.push(printed);
      }
    }
    if (mismatches.length > 0) {
      return r.fail(
        Codes.NOT_ISSUERS,
        `The printed accreditation ${mismatches.map((m) => `${m.scheme} ${m.number}`).join(', ')} is not ${issuer.issuerId}'s.`,
        { issuerId: issuer.issuerId, mismatches },
      );
    }
    if (unregistered.length > 0) {
      return r.warn(
        Codes.UNREGISTERED_ACCREDITATION,
        `The printed accreditation ${unregistered.map((m) => `${m.scheme} ${m.number}`).join(', ')} is not on record for ${issuer.issuerId}.`,
        { issuerId: issuer.issuerId, unregistered },
      );
    }
    return r.pass(Codes.MATCHES, `Every printed accreditation number is ${issuer.issuerId}'s.`, { issuerId: issuer.issuerId, matched });
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const AccreditationMatchesIssuerCopy: SummaryCopy = {
  [Codes.NOT_ISSUERS]: says("the printed accreditation number is not the issuer's", '印刷的资质认可编号不属于该机构'),
  [Codes.UNREGISTERED_ACCREDITATION]: says('the printed accreditation number is not on record', '印刷的资质编号未登记'),
};

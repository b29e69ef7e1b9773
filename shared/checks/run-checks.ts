import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { CheckResult } from '#shared/domain/verification.ts';
import { accreditationMatchesIssuer } from './accreditation-matches-issuer.ts';
import { accreditationScope } from './accreditation-scope.ts';
import { accreditationValidAtIssue } from './accreditation-valid-at-issue.ts';
import type { Check } from './check.ts';
import { results, RunCheckCodes } from './check.ts';
import { claimedProduct } from './claimed-product.ts';
import { credential } from './credential.ts';
import type { CheckContext } from './context.ts';
import { datesPlausible } from './dates-plausible.ts';
import { documentHash } from './document-hash.ts';
import { fieldsMatch } from './fields-match.ts';
import { fraudPatterns } from './fraud-patterns.ts';
import { issuerKnown } from './issuer-known.ts';
import { issuerName } from './issuer-name.ts';
import { pdfForensics } from './pdf-forensics.ts';
import { qrCode } from './qr-code.ts';
import { reportNumberPattern } from './report-number-pattern.ts';
import { reportRegistered } from './report-registered.ts';
import { reuse } from './reuse.ts';
import { validity } from './validity.ts';

/** Every check, in the order results are reported. */
export const ALL_CHECKS: readonly Check[] = [
  issuerKnown,
  issuerName,
  accreditationMatchesIssuer,
  accreditationValidAtIssue,
  accreditationScope,
  reportNumberPattern,
  reportRegistered,
  fieldsMatch,
  documentHash,
  fraudPatterns,
  validity,
  datesPlausible,
  qrCode,
  pdfForensics,
  claimedProduct,
  reuse,
  // the digital passport (issue 11)
  credential,
];

/**
 * Runs one check safely:
 * - a prefetched part it needs is unavailable → ERROR DEPENDENCY_UNAVAILABLE (never run on partial data);
 * - `applies` false → SKIPPED NOT_APPLICABLE;
 * - anything thrown → ERROR (DEPENDENCY_UNAVAILABLE for a DependencyUnavailableError, else CHECK_ERROR).
 * An ERROR is never a FAIL. The evidence names the error class only, never its message or stack.
 */
export const runCheck = (check: Check, ctx: CheckContext): CheckResult => {
  const r = results(check.name);
  const missing = check.needs.filter((part) => ctx.unavailable?.includes(part));
  if (missing.length > 0) {
    return r.error(RunCheckCodes.DEPENDENCY_UNAVAILABLE, 'The check could not run: data it needs could not be fetched.', { unavailable: missing });
  }
  try {
    if (!check.applies(ctx)) return r.skipped(RunCheckCodes.NOT_APPLICABLE, 'Nothing on the document for this check to look at.');
    return check.run(ctx);
  } catch (e) {
    if (e instanceof DependencyUnavailableError) {
      return r.error(RunCheckCodes.DEPENDENCY_UNAVAILABLE, `The check could not run: ${e.dependency} is unavailable.`, { dependency: e.dependency });
    }
    return r.error(RunCheckCodes.CHECK_ERROR, 'The check could not be completed.', { error: e instanceof Error ? e.name : typeof e });
  }
};

/** Runs every check over one prefetched context. Never throws. */
export const runChecks = (ctx: CheckContext, checks: readonly Check[] = ALL_CHECKS): CheckResult[] => checks.map((c) => runCheck(c, ctx));

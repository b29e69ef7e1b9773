import { normaliseNumber } from '#shared/domain/normalise.ts';
import type { Check } from './check.ts';
import { results } from './check.ts';
import type { CheckContext } from './context.ts';
import { printedAccreditations, resolveIssuer, sameAccreditationNumber, selectRegisteredReport } from './context.ts';
import { compareProducts, ProductMatch } from './text-match.ts';

const name = 'accreditation-scope';
const r = results(name);

export const AccreditationScopeCodes = {
  IN_SCOPE: 'IN_SCOPE',
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
} as const;
const Codes = AccreditationScopeCodes;

const productOf = (ctx: CheckContext) => ctx.fields.productName?.value ?? selectRegisteredReport(ctx)?.productName;

/** The scope entries of the printed accreditations of the issuer, else of all its accreditations. */
const scopeOf = (ctx: CheckContext): string[] => {
  const issuer = resolveIssuer(ctx)?.issuer;
  if (!issuer) return [];
  const printed = printedAccreditations(ctx);
  const claimed = issuer.accreditations.filter((a) => printed.some((p) => sameAccreditationNumber(p.number, a.number)));
  return (claimed.length > 0 ? claimed : issuer.accreditations).flatMap((a) => a.scope ?? []);
};

/** "GB/T 2828.1-2012" → "GB/T2828.1": the standard without its year, for matching scope entries. */
const standardCode = (s: string) => normaliseNumber(s).replace(/-\d{4}$/, '');

/** A scope entry covers a standard when it names it, its family ("GB 6675" covers GB 6675.1-2014) or contains it. */
export const scopeCoversStandard = (scopeEntry: string, standard: string): boolean => {
  const scope = standardCode(scopeEntry);
  const code = standardCode(standard);
  if (scope === '' || code === '') return false;
  if (code === scope || normaliseNumber(scopeEntry).includes(code)) return true;
  return code.startsWith(scope) && /^[.-]/.test(code.slice(scope.length));
};

/**
 * The product is within the accreditation scope: a scope entry names the
 * product (fuzzy: Latin tokens or CJK bigrams overlap by half, or one CJK name
 * contains the other), or a printed standard appears in the scope. Scope lists
 * name categories, so this is fuzzy and only ever WARNs.
 */
export const accreditationScope: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => productOf(ctx) !== undefined && scopeOf(ctx).length > 0,
  run: (ctx) => {
    const product = productOf(ctx) ?? '';
    const scope = scopeOf(ctx);
    const byProduct = scope.find((s) => compareProducts(product, s).match === ProductMatch.SAME);
    if (byProduct !== undefined) {
      return r.pass(Codes.IN_SCOPE, `"${product}" is within the accreditation scope ("${byProduct}").`, { product, matchedScope: byProduct });
    }
    const standards = ctx.fields.standards?.value ?? [];
    const byStandard = scope.find((s) => standards.some((st) => scopeCoversStandard(s, st)));
    if (byStandard !== undefined) {
      return r.pass(Codes.IN_SCOPE, `A printed standard is within the accreditation scope ("${byStandard}").`, {
        product,
        matchedScope: byStandard,
      });
    }
    return r.warn(Codes.OUT_OF_SCOPE, `"${product}" does not appear within the accreditation scope.`, { product, standards, scope });
  },
};

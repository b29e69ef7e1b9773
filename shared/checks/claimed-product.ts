import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import type { CheckContext } from './context.ts';
import { selectRegisteredReport } from './context.ts';
import { compareProducts, ProductMatch, SAME_PRODUCT_THRESHOLD } from './text-match.ts';

const name = 'claimed-product';
const r = results(name);

export const ClaimedProductCodes = {
  MATCHES: 'MATCHES',
  WORDING_DIFFERS: 'WORDING_DIFFERS',
  NOT_COMPARABLE: 'NOT_COMPARABLE',
  DIFFERENT_PRODUCT: 'DIFFERENT_PRODUCT',
} as const;
const Codes = ClaimedProductCodes;

/** The report's product names: printed and registered, once each. */
const reportProducts = (ctx: CheckContext): string[] => {
  const names = [ctx.fields.productName?.value, selectRegisteredReport(ctx)?.productName].filter((n): n is string => n !== undefined);
  return [...new Set(names)];
};

const ORDER = [ProductMatch.SAME, ProductMatch.PARTIAL, ProductMatch.NOT_COMPARABLE, ProductMatch.DIFFERENT] as const;

/**
 * The platform's claimedProduct is consistent with the report's product
 * (printed or registered, the better match counts), by compareProducts:
 * - overlap ≥ 0.5 of the shorter name's tokens (Latin words, CJK bigrams) → PASS;
 * - some overlap, or too few tokens to judge → WARN WORDING_DIFFERS;
 * - different scripts (English listing, Chinese report) → WARN NOT_COMPARABLE;
 * - nothing shared although both have two or more tokens in a shared script →
 *   FAIL DIFFERENT_PRODUCT (clearly another product). Wording never FAILs.
 */
export const claimedProduct: Check = {
  name,
  needs: ['issuers', 'registeredReports'],
  applies: (ctx) => ctx.submission.claimedProduct !== undefined && reportProducts(ctx).length > 0,
  run: (ctx) => {
    const claimed = ctx.submission.claimedProduct ?? '';
    const compared = reportProducts(ctx).map((product) => ({ product, ...compareProducts(claimed, product) }));
    const best = [...compared].sort((a, b) => ORDER.indexOf(a.match) - ORDER.indexOf(b.match) || b.score - a.score)[0];
    if (!best) throw new Error('applies() guarantees a product');
    const evidence = { claimed, reportProduct: best.product, score: best.score, threshold: SAME_PRODUCT_THRESHOLD };
    switch (best.match) {
      case ProductMatch.SAME:
        return r.pass(Codes.MATCHES, `The claimed product "${claimed}" matches the report's "${best.product}".`, evidence);
      case ProductMatch.PARTIAL:
        return r.warn(Codes.WORDING_DIFFERS, `The claimed product "${claimed}" only partly matches the report's "${best.product}".`, evidence);
      case ProductMatch.NOT_COMPARABLE:
        return r.warn(Codes.NOT_COMPARABLE, `The claimed product "${claimed}" cannot be compared with the report's "${best.product}".`, evidence);
      case ProductMatch.DIFFERENT:
        return r.fail(Codes.DIFFERENT_PRODUCT, `The claimed product "${claimed}" is not the report's "${best.product}".`, evidence);
    }
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const ClaimedProductCopy: SummaryCopy = {
  [Codes.DIFFERENT_PRODUCT]: says("the listed product is not the report's product", '所售商品与报告中的产品不符'),
};

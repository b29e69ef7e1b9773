import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import type { Presentation } from '#shared/domain/verification.ts';
import type { CheckContext } from './context.ts';
import { presentedProduct, selectRegisteredReport } from './context.ts';
import { compareProducts, ProductMatch } from './text-match.ts';

const name = 'reuse';
const r = results(name);

export const ReuseCodes = {
  NO_REUSE: 'NO_REUSE',
  SAME_PRODUCT_OTHER_SELLERS: 'SAME_PRODUCT_OTHER_SELLERS',
  MISUSED_BEFORE: 'MISUSED_BEFORE',
  DIFFERENT_PRODUCT: 'DIFFERENT_PRODUCT',
} as const;
const Codes = ReuseCodes;

/** Same seller: same sellerId on the same platform. Without a sellerId on both sides, the seller is not known to be the same. */
const sameSeller = (ctx: CheckContext, p: Presentation) =>
  ctx.submission.sellerId !== undefined && p.sellerId === ctx.submission.sellerId && p.submittedBy?.platformId === ctx.platformId;

const summary = (p: Presentation) => ({
  verificationId: p.verificationId,
  sellerId: p.sellerId ?? null,
  productName: p.presentedProduct ?? null,
  verdict: p.verdict,
  createdAt: p.createdAt,
});

/**
 * The same report number was presented before by other sellers or for
 * other products (history of the number; product = claimedProduct, else the
 * printed productName, see presentedProduct).
 * - an earlier presentation for a clearly different product (compareProducts
 *   DIFFERENT), by anyone → FAIL DIFFERENT_PRODUCT; unless this presentation
 *   is for the report's own product (registered, else printed productName, not
 *   clearly different): then the earlier one was the misuse, and this one only
 *   WARNs MISUSED_BEFORE, so a genuine seller is not blamed for a forger;
 * - earlier presentations by other sellers for the same (or not clearly
 *   different) product → WARN: distributors resell the same goods;
 * - otherwise PASS. The evidence lists the earlier verification ids.
 */
export const reuse: Check = {
  name,
  needs: ['history', 'issuers', 'registeredReports'],
  applies: (ctx) => ctx.fields.reportNumber !== undefined,
  run: (ctx) => {
    const product = presentedProduct(ctx.fields, ctx.submission);
    // A popular number's lines mostly name the same few products: each distinct name is compared once.
    const verdicts = new Map<string, boolean>();
    const differs = (name: string) => {
      let d = verdicts.get(name);
      if (d === undefined) verdicts.set(name, (d = product !== undefined && compareProducts(product, name).match === ProductMatch.DIFFERENT));
      return d;
    };
    const different = product === undefined ? [] : ctx.history.filter((p) => p.presentedProduct !== undefined && differs(p.presentedProduct));
    const own = selectRegisteredReport(ctx)?.productName ?? ctx.fields.productName?.value;
    const fitsReport = product !== undefined && own !== undefined && compareProducts(product, own).match !== ProductMatch.DIFFERENT;
    if (different.length > 0 && fitsReport) {
      return r.warn(
        Codes.MISUSED_BEFORE,
        `This report number was presented before for a different product (${different.map((p) => `"${p.presentedProduct}"`).join(', ')}); this presentation fits the report's own product.`,
        { product: product ?? null, reportProduct: own ?? null, earlier: different.map(summary), verificationIds: different.map((p) => p.verificationId) },
      );
    }
    if (different.length > 0) {
      return r.fail(
        Codes.DIFFERENT_PRODUCT,
        `This report number was presented before for a different product (${different.map((p) => `"${p.presentedProduct}"`).join(', ')}).`,
        { product: product ?? null, earlier: different.map(summary), verificationIds: different.map((p) => p.verificationId) },
      );
    }
    const others = ctx.history.filter((p) => !sameSeller(ctx, p));
    if (others.length > 0) {
      return r.warn(Codes.SAME_PRODUCT_OTHER_SELLERS, `This report number was presented before by ${others.length} other seller submission(s) for the same product.`, {
        product: product ?? null,
        earlier: others.map(summary),
        verificationIds: others.map((p) => p.verificationId),
      });
    }
    return r.pass(Codes.NO_REUSE, ctx.history.length === 0 ? 'This report number was not presented before.' : 'This report number was presented before only by the same seller.', {
      earlierBySameSeller: ctx.history.map((p) => p.verificationId),
    });
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const ReuseCopy: SummaryCopy = {
  [Codes.DIFFERENT_PRODUCT]: says('the same report number was presented before for a different product', '该报告编号曾被用于其他产品'),
};

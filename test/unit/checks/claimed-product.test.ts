import { describe, expect, it } from 'vitest';
import { claimedProduct } from '#shared/checks/claimed-product.ts';
import { compareProducts } from '#shared/checks/text-match.ts';
import { makeContext } from './fixtures.ts';

const claim = (claimedProduct: string) => makeContext({ submission: { sellerId: 'seller-1', claimedProduct } });

describe('check: claimed-product', () => {
  it("passes when the listing names the report's product in other words", () => {
    // Act & Assess
    expect(claimedProduct.run(claim('儿童电动玩具车 遥控 可坐人'))).toStrictEqual({
      name: 'claimed-product',
      status: 'PASS',
      code: 'MATCHES',
      message: 'The claimed product "儿童电动玩具车 遥控 可坐人" matches the report\'s "儿童电动玩具车".',
      evidence: { claimed: '儿童电动玩具车 遥控 可坐人', reportProduct: '儿童电动玩具车', score: 1, threshold: 0.5 },
    });
  });

  it('warns when the wording overlaps only partly', () => {
    // Act & Assess
    expect(claimedProduct.run(claim('电动平衡车玩具'))).toStrictEqual({
      name: 'claimed-product',
      status: 'WARN',
      code: 'WORDING_DIFFERS',
      message: 'The claimed product "电动平衡车玩具" only partly matches the report\'s "儿童电动玩具车".',
      evidence: { claimed: '电动平衡车玩具', reportProduct: '儿童电动玩具车', score: 0.33, threshold: 0.5 },
    });
  });

  it('warns when the listing is in another language than the report', () => {
    // Act & Assess
    expect(claimedProduct.run(claim('Kids electric ride-on car'))).toStrictEqual({
      name: 'claimed-product',
      status: 'WARN',
      code: 'NOT_COMPARABLE',
      message: 'The claimed product "Kids electric ride-on car" cannot be compared with the report\'s "儿童电动玩具车".',
      evidence: { claimed: 'Kids electric ride-on car', reportProduct: '儿童电动玩具车', score: 0, threshold: 0.5 },
    });
  });

  it('fails only when it is clearly another product', () => {
    // Act & Assess
    expect(claimedProduct.run(claim('不锈钢保温杯'))).toStrictEqual({
      name: 'claimed-product',
      status: 'FAIL',
      code: 'DIFFERENT_PRODUCT',
      message: 'The claimed product "不锈钢保温杯" is not the report\'s "儿童电动玩具车".',
      evidence: { claimed: '不锈钢保温杯', reportProduct: '儿童电动玩具车', score: 0, threshold: 0.5 },
    });
  });

  it('does not apply without a claimed product', () => {
    // Act & Assess
    expect(claimedProduct.applies(makeContext())).toBe(false);
  });
});

describe('compareProducts', () => {
  it.each([
    ['Natural diamond ring 18K', 'Natural diamond ring', 'SAME'],
    ['Phone case', 'Apple iPhone case black', 'SAME'],
    ['T恤', '衬衫', 'PARTIAL'], // too short to call different
    ['Laptop computer', 'Notebook computer', 'SAME'],
    ['Wireless earbuds', 'Ceramic tea cup', 'DIFFERENT'],
    ['Wireless earbuds', '无线耳机', 'NOT_COMPARABLE'],
  ])('%s vs %s → %s', (a, b, match) => {
    // Act & Assess
    expect(compareProducts(a, b).match).toBe(match);
  });
});

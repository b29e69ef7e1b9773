import { describe, expect, it } from 'vitest';
import { reuse } from '#shared/checks/reuse.ts';
import { makeContext, prior, withFields } from './fixtures.ts';

describe('check: reuse', () => {
  it('passes when the number was not presented before', () => {
    // Act & Assess
    expect(reuse.run(makeContext())).toStrictEqual({
      name: 'reuse',
      status: 'PASS',
      code: 'NO_REUSE',
      message: 'This report number was not presented before.',
      evidence: { earlierBySameSeller: [] },
    });
  });

  it('passes when only the same seller presented it before, for the same product', () => {
    // Prepare
    const ctx = makeContext({ history: [prior({ verificationId: 'v1', sellerId: 'seller-1', submittedBy: { keyId: 'key_platform', role: 'platform', platformId: 'shop-a' }, presentedProduct: '儿童电动玩具车' })] });
    // Act & Assess
    expect(reuse.run(ctx)).toStrictEqual({
      name: 'reuse',
      status: 'PASS',
      code: 'NO_REUSE',
      message: 'This report number was presented before only by the same seller.',
      evidence: { earlierBySameSeller: ['v1'] },
    });
  });

  it('warns when other sellers presented it for the same product (distributors)', () => {
    // Prepare
    const ctx = makeContext({ history: [prior({ verificationId: 'v2', sellerId: 'seller-9', submittedBy: { keyId: 'key_platform', role: 'platform', platformId: 'shop-a' }, presentedProduct: '儿童电动玩具车 红色' })] });
    // Act & Assess
    expect(reuse.run(ctx)).toStrictEqual({
      name: 'reuse',
      status: 'WARN',
      code: 'SAME_PRODUCT_OTHER_SELLERS',
      message: 'This report number was presented before by 1 other seller submission(s) for the same product.',
      evidence: {
        product: '儿童电动玩具车',
        earlier: [{ verificationId: 'v2', sellerId: 'seller-9', productName: '儿童电动玩具车 红色', verdict: 'AUTHENTIC', createdAt: '2025-04-01T00:00:00.000Z' }],
        verificationIds: ['v2'],
      },
    });
  });

  it('fails when the number was presented before for a different product and this presentation is not the report’s product', () => {
    // Prepare
    const ctx = makeContext({
      submission: { sellerId: 'seller-2', claimedProduct: '不锈钢保温杯' },
      history: [prior({ verificationId: 'v3', sellerId: 'seller-1', presentedProduct: '儿童电动玩具车' })],
    });
    // Act & Assess
    expect(reuse.run(ctx)).toStrictEqual({
      name: 'reuse',
      status: 'FAIL',
      code: 'DIFFERENT_PRODUCT',
      message: 'This report number was presented before for a different product ("儿童电动玩具车").',
      evidence: {
        product: '不锈钢保温杯',
        earlier: [{ verificationId: 'v3', sellerId: 'seller-1', productName: '儿童电动玩具车', verdict: 'AUTHENTIC', createdAt: '2025-04-01T00:00:00.000Z' }],
        verificationIds: ['v3'],
      },
    });
  });

  it('only warns the genuine seller when someone misused the number before for another product', () => {
    // Prepare
    const ctx = makeContext({ history: [prior({ verificationId: 'v4', sellerId: 'seller-7', presentedProduct: '不锈钢保温杯', verdict: 'FRAUDULENT' })] });
    // Act & Assess
    expect(reuse.run(ctx)).toStrictEqual({
      name: 'reuse',
      status: 'WARN',
      code: 'MISUSED_BEFORE',
      message:
        'This report number was presented before for a different product ("不锈钢保温杯"); this presentation fits the report\'s own product.',
      evidence: {
        product: '儿童电动玩具车',
        reportProduct: '儿童电动玩具车',
        earlier: [{ verificationId: 'v4', sellerId: 'seller-7', productName: '不锈钢保温杯', verdict: 'FRAUDULENT', createdAt: '2025-04-01T00:00:00.000Z' }],
        verificationIds: ['v4'],
      },
    });
  });

  it('does not apply without a report number', () => {
    // Act & Assess
    expect(reuse.applies(withFields({ reportNumber: undefined }))).toBe(false);
  });
});

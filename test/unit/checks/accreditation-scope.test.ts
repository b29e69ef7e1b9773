import { describe, expect, it } from 'vitest';
import { accreditationScope, scopeCoversStandard } from '#shared/checks/accreditation-scope.ts';
import { field, gemFields, gemReport, makeContext, withFields } from './fixtures.ts';

describe('check: accreditation-scope', () => {
  it('passes when a scope entry names the product (CJK containment)', () => {
    // Act & Assess
    expect(accreditationScope.run(makeContext())).toStrictEqual({
      name: 'accreditation-scope',
      status: 'PASS',
      code: 'IN_SCOPE',
      message: '"儿童电动玩具车" is within the accreditation scope ("儿童玩具").',
      evidence: { product: '儿童电动玩具车', matchedScope: '儿童玩具' },
    });
  });

  it('passes when a printed standard is within the scope', () => {
    // Prepare
    const ctx = withFields({ productName: field('积木'), standards: field(['GB 6675.1-2014']) });
    // Act & Assess
    expect(accreditationScope.run(ctx)).toStrictEqual({
      name: 'accreditation-scope',
      status: 'PASS',
      code: 'IN_SCOPE',
      message: 'A printed standard is within the accreditation scope ("GB 6675").',
      evidence: { product: '积木', matchedScope: 'GB 6675' },
    });
  });

  it('warns when neither the product nor a standard is within the scope', () => {
    // Prepare
    const ctx = withFields({ productName: field('食品级不锈钢保温杯'), standards: field(['GB 4806.9-2016']) });
    // Act & Assess
    expect(accreditationScope.run(ctx)).toStrictEqual({
      name: 'accreditation-scope',
      status: 'WARN',
      code: 'OUT_OF_SCOPE',
      message: '"食品级不锈钢保温杯" does not appear within the accreditation scope.',
      evidence: { product: '食品级不锈钢保温杯', standards: ['GB 4806.9-2016'], scope: ['儿童玩具', '电子电器', 'GB 6675'] },
    });
  });

  it('does not apply when no scope is on record', () => {
    // Act & Assess
    expect(accreditationScope.applies(makeContext({ fields: gemFields(), registeredReports: [gemReport] }))).toBe(false);
  });
});

describe('scopeCoversStandard', () => {
  it.each([
    ['GB 6675', 'GB 6675.1-2014', true],
    ['GB 6675.1-2014', 'GB 6675.1-2014', true],
    ['玩具 GB 6675.2', 'GB 6675.2-2014', true],
    ['GB 6675', 'GB 66751-2020', false],
    ['GB 66', 'GB 6675.1-2014', false],
  ])('%s covers %s: %s', (scope, standard, covered) => {
    // Act & Assess
    expect(scopeCoversStandard(scope, standard)).toBe(covered);
  });
});

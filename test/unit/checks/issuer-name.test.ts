import { describe, expect, it } from 'vitest';
import { findNearMiss, issuerName, nearMissBudget } from '#shared/checks/issuer-name.ts';
import { DIRECTORY, field, makeContext, withFields } from './fixtures.ts';

describe('check: issuer-name', () => {
  it('passes when the printed name is the registered name', () => {
    // Act & Assess
    expect(issuerName.run(makeContext())).toStrictEqual({
      name: 'issuer-name',
      status: 'PASS',
      code: 'REGISTERED_NAME',
      message: 'The printed name is the registered name of qingshi-testing.',
      evidence: { printed: '青石检测技术有限公司', issuerId: 'qingshi-testing', registered: '青石检测技术有限公司' },
    });
  });

  it('passes when the printed name is a registered alias', () => {
    // Prepare
    const ctx = withFields({ issuerName: field('Qingshi Testing Technology Co.,Ltd.') });
    // Act & Assess
    expect(issuerName.run(ctx)).toStrictEqual({
      name: 'issuer-name',
      status: 'PASS',
      code: 'REGISTERED_ALIAS',
      message: 'The printed name is a registered alias of qingshi-testing.',
      evidence: {
        printed: 'Qingshi Testing Technology Co.,Ltd.',
        issuerId: 'qingshi-testing',
        registered: 'Qingshi Testing Technology Co., Ltd.',
      },
    });
  });

  it('fails on a look-alike CJK character (捡 for 检) in a text PDF', () => {
    // Prepare
    const ctx = withFields({ issuerName: field('青石捡测技术有限公司') });
    // Act & Assess
    expect(issuerName.run(ctx)).toStrictEqual({
      name: 'issuer-name',
      status: 'FAIL',
      code: 'IMPERSONATION',
      message: 'The printed name "青石捡测技术有限公司" imitates the registered issuer "青石检测技术有限公司".',
      evidence: {
        printed: '青石捡测技术有限公司',
        imitates: { issuerId: 'qingshi-testing', name: '青石检测技术有限公司' },
        kind: 'look-alike',
        distance: 1,
      },
    });
  });

  it('fails on a Cyrillic letter in a Latin name, even without any accreditation printed', () => {
    // Prepare
    const printed = 'Qingshi T\u0435sting Technology Co., Ltd.';
    const ctx = withFields({ issuerName: field(printed), accreditationNumbers: undefined }, { registeredReports: [] });
    // Act & Assess
    expect(issuerName.run(ctx)).toStrictEqual({
      name: 'issuer-name',
      status: 'FAIL',
      code: 'IMPERSONATION',
      message: `The printed name "${printed}" imitates the registered issuer "Qingshi Testing Technology Co., Ltd.".`,
      evidence: {
        printed,
        imitates: { issuerId: 'qingshi-testing', name: 'Qingshi Testing Technology Co., Ltd.' },
        kind: 'look-alike',
        distance: 1,
      },
    });
  });

  it('fails on a name one edit away from a registered one', () => {
    // Prepare
    const ctx = withFields({ issuerName: field('Northstar Gems Laboratory'), accreditationNumbers: undefined }, { registeredReports: [] });
    // Act & Assess
    expect(issuerName.run(ctx)).toStrictEqual({
      name: 'issuer-name',
      status: 'FAIL',
      code: 'IMPERSONATION',
      message: 'The printed name "Northstar Gems Laboratory" imitates the registered issuer "Northstar Gem Laboratory".',
      evidence: {
        printed: 'Northstar Gems Laboratory',
        imitates: { issuerId: 'northstar-gem-lab', name: 'Northstar Gem Laboratory' },
        kind: 'edit-distance',
        distance: 1,
      },
    });
  });

  it('only warns on a near miss read by OCR, which confuses such characters itself', () => {
    // Prepare
    const ctx = withFields({ issuerName: field('青石捡测技术有限公司', 0.71) }, { textSource: 'tesseract' });
    // Act & Assess
    expect(issuerName.run(ctx)).toStrictEqual({
      name: 'issuer-name',
      status: 'WARN',
      code: 'POSSIBLE_IMPERSONATION_OCR',
      message:
        'The printed name "青石捡测技术有限公司" is a near miss of "青石检测技术有限公司", but it was read by OCR, which may have misread it.',
      evidence: {
        printed: '青石捡测技术有限公司',
        imitates: { issuerId: 'qingshi-testing', name: '青石检测技术有限公司' },
        kind: 'look-alike',
        distance: 1,
      },
    });
  });

  it('warns when the issuer identified by its accreditation number is printed under an unregistered name', () => {
    // Prepare
    const ctx = withFields({ issuerName: field('青石检测技术有限公司深圳分公司') });
    // Act & Assess
    expect(issuerName.run(ctx)).toStrictEqual({
      name: 'issuer-name',
      status: 'WARN',
      code: 'UNREGISTERED_NAME_FOR_ISSUER',
      message: 'The printed name "青石检测技术有限公司深圳分公司" is not a registered name of qingshi-testing, which the accreditation identifies.',
      evidence: {
        printed: '青石检测技术有限公司深圳分公司',
        issuerId: 'qingshi-testing',
        registeredNames: ['青石检测技术有限公司', 'Qingshi Testing Technology Co., Ltd.'],
      },
    });
  });

  it('warns when the name is unknown and nothing else identifies the issuer', () => {
    // Prepare
    const ctx = withFields({ issuerName: field('某某产品检测中心'), accreditationNumbers: undefined }, { registeredReports: [] });
    // Act & Assess
    expect(issuerName.run(ctx)).toStrictEqual({
      name: 'issuer-name',
      status: 'WARN',
      code: 'UNKNOWN_NAME',
      message: 'The printed name "某某产品检测中心" is not a registered issuer name.',
      evidence: { printed: '某某产品检测中心' },
    });
  });

  it('does not apply without a printed name', () => {
    // Act & Assess
    expect(issuerName.applies(withFields({ issuerName: undefined }))).toBe(false);
  });
});

describe('findNearMiss', () => {
  it.each([
    ['SGT', undefined], // short names only match as look-alikes
    ['5GS Testing', undefined],
    ['蓝峰认证有限公司', undefined], // exact names are not near misses
    ['Northstar Gem Lab0ratory', 'northstar-gem-lab'],
    ['Nrothstar Gem Laboratory', 'northstar-gem-lab'], // transposition
    ['Southstar Gem Laboratory', 'northstar-gem-lab'],
    ['Southstar Gen Laboratory', undefined], // three edits
    ['Southstar Gen Lab', undefined],
  ])('%s → %s', (printed, issuerId) => {
    // Act & Assess
    expect(findNearMiss(printed, DIRECTORY)?.issuer.issuerId).toBe(issuerId);
  });

  it('allows 1 edit from 4 characters and 2 from 8', () => {
    // Act & Assess
    expect([3, 4, 7, 8].map(nearMissBudget)).toStrictEqual([0, 1, 1, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { issuerKnown } from '#shared/checks/issuer-known.ts';
import { field, makeContext, qingshi, withFields } from './fixtures.ts';

describe('check: issuer-known', () => {
  it('passes by the printed accreditation number first', () => {
    // Prepare
    const ctx = makeContext();
    // Act
    const result = issuerKnown.run(ctx);
    // Assess
    expect(result).toStrictEqual({
      name: 'issuer-known',
      status: 'PASS',
      code: 'KNOWN_BY_ACCREDITATION',
      message: 'The issuer is registered as qingshi-testing (matched by accreditation).',
      evidence: { issuerId: 'qingshi-testing', matchedBy: 'accreditation', matchedValue: 'CNAS L9901' },
    });
  });

  it('uses the issuer the caller looked up by accreditation number', () => {
    // Prepare
    const ctx = withFields(
      { accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'ＣＮＡＳ Ｌ９９０１' }]) },
      { issuers: { byAccreditation: [{ printed: { scheme: 'CNAS', number: 'ＣＮＡＳ Ｌ９９０１' }, issuer: qingshi }], directory: [] } },
    );
    // Act & Assess
    expect(issuerKnown.run(ctx)).toStrictEqual({
      name: 'issuer-known',
      status: 'PASS',
      code: 'KNOWN_BY_ACCREDITATION',
      message: 'The issuer is registered as qingshi-testing (matched by accreditation).',
      evidence: { issuerId: 'qingshi-testing', matchedBy: 'accreditation', matchedValue: 'CNAS ＣＮＡＳ Ｌ９９０１' },
    });
  });

  it('passes by the registered name, after spacing and the legal suffix are normalised', () => {
    // Prepare
    const ctx = withFields({ accreditationNumbers: undefined, issuerName: field('青石检测技术 有限公司') });
    // Act & Assess
    expect(issuerKnown.run(ctx)).toStrictEqual({
      name: 'issuer-known',
      status: 'PASS',
      code: 'KNOWN_BY_NAME',
      message: 'The issuer is registered as qingshi-testing (matched by name).',
      evidence: { issuerId: 'qingshi-testing', matchedBy: 'name', matchedValue: '青石检测技术 有限公司' },
    });
  });

  it('passes by an alias printed in full-width characters with another legal suffix spelling', () => {
    // Prepare
    const printed = 'ＱＩＮＧＳＨＩ　Ｔｅｓｔｉｎｇ　Ｔｅｃｈｎｏｌｏｇｙ　Ｃｏ．，Ｌｔｄ';
    const ctx = withFields({ accreditationNumbers: undefined, issuerName: field(printed) });
    // Act & Assess
    expect(issuerKnown.run(ctx)).toStrictEqual({
      name: 'issuer-known',
      status: 'PASS',
      code: 'KNOWN_BY_ALIAS',
      message: 'The issuer is registered as qingshi-testing (matched by alias).',
      evidence: { issuerId: 'qingshi-testing', matchedBy: 'alias', matchedValue: printed },
    });
  });

  it('passes by the one registration under the number when neither name nor accreditation is printed', () => {
    // Prepare
    const ctx = withFields({ accreditationNumbers: undefined, issuerName: undefined });
    // Act & Assess
    expect(issuerKnown.run(ctx)).toStrictEqual({
      name: 'issuer-known',
      status: 'PASS',
      code: 'KNOWN_BY_REGISTERED_REPORT',
      message: 'The issuer is registered as qingshi-testing (matched by registered-report).',
      evidence: { issuerId: 'qingshi-testing', matchedBy: 'registered-report', matchedValue: 'QS2025-000123' },
    });
  });

  it('warns when the issuer is not in the registry', () => {
    // Prepare
    const ctx = withFields(
      { accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L0000' }]), issuerName: field('某某检测中心') },
      { registeredReports: [] },
    );
    // Act & Assess
    expect(issuerKnown.run(ctx)).toStrictEqual({
      name: 'issuer-known',
      status: 'WARN',
      code: 'UNKNOWN_ISSUER',
      message: 'The issuer is not in the registry.',
      evidence: { printedName: '某某检测中心', printedAccreditations: [{ scheme: 'CNAS', number: 'L0000' }] },
    });
  });
});

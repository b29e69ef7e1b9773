import { describe, expect, it } from 'vitest';
import { accreditationMatchesIssuer } from '#shared/checks/accreditation-matches-issuer.ts';
import { field, makeContext, withFields } from './fixtures.ts';

describe('check: accreditation-matches-issuer', () => {
  it("passes when every printed number is the named issuer's", () => {
    // Act & Assess
    expect(accreditationMatchesIssuer.run(makeContext())).toStrictEqual({
      name: 'accreditation-matches-issuer',
      status: 'PASS',
      code: 'MATCHES',
      message: "Every printed accreditation number is qingshi-testing's.",
      evidence: {
        issuerId: 'qingshi-testing',
        matched: [
          { scheme: 'CNAS', number: 'L9901' },
          { scheme: 'CMA', number: '230099990001' },
        ],
      },
    });
  });

  it('fails when the printed number belongs to another registered issuer', () => {
    // Prepare
    const ctx = withFields({ accreditationNumbers: field([{ scheme: 'CNCA' as const, number: 'CNCA-R-2099-001' }]) });
    // Act & Assess
    expect(accreditationMatchesIssuer.run(ctx)).toStrictEqual({
      name: 'accreditation-matches-issuer',
      status: 'FAIL',
      code: 'NOT_ISSUERS',
      message: "The printed accreditation CNCA CNCA-R-2099-001 is not qingshi-testing's.",
      evidence: { issuerId: 'qingshi-testing', mismatches: [{ scheme: 'CNCA', number: 'CNCA-R-2099-001', heldBy: 'bluepeak-cert' }] },
    });
  });

  it('fails on an unknown number in a scheme the issuer holds another number of', () => {
    // Prepare
    const ctx = withFields({ accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L1234' }]) });
    // Act & Assess
    expect(accreditationMatchesIssuer.run(ctx)).toStrictEqual({
      name: 'accreditation-matches-issuer',
      status: 'FAIL',
      code: 'NOT_ISSUERS',
      message: "The printed accreditation CNAS L1234 is not qingshi-testing's.",
      evidence: { issuerId: 'qingshi-testing', mismatches: [{ scheme: 'CNAS', number: 'L1234', heldBy: null }] },
    });
  });

  it('warns on a number in a scheme the registry has no record of for the issuer', () => {
    // Prepare
    const ctx = withFields({
      accreditationNumbers: field([
        { scheme: 'CNAS' as const, number: 'CNAS L9901' },
        { scheme: 'IAF' as const, number: 'IAF-77' },
      ]),
    });
    // Act & Assess
    expect(accreditationMatchesIssuer.run(ctx)).toStrictEqual({
      name: 'accreditation-matches-issuer',
      status: 'WARN',
      code: 'UNREGISTERED_ACCREDITATION',
      message: 'The printed accreditation IAF IAF-77 is not on record for qingshi-testing.',
      evidence: { issuerId: 'qingshi-testing', unregistered: [{ scheme: 'IAF', number: 'IAF-77' }] },
    });
  });

  it('does not apply when no accreditation is printed, or no issuer is known', () => {
    // Act & Assess
    expect(accreditationMatchesIssuer.applies(withFields({ accreditationNumbers: undefined }))).toBe(false);
    const unknown = withFields(
      { issuerName: field('某某检测中心'), accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L0000' }]) },
      { registeredReports: [] },
    );
    expect(accreditationMatchesIssuer.applies(unknown)).toBe(false);
  });
});

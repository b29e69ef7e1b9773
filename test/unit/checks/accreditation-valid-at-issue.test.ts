import { describe, expect, it } from 'vitest';
import { accreditationValidAtIssue, statusOnDay } from '#shared/checks/accreditation-valid-at-issue.ts';
import type { Accreditation } from '#shared/domain/issuer.ts';
import { bluepeak, DIRECTORY, field, gemFields, gemReport, makeContext, northstar, qingshi, withFields } from './fixtures.ts';

const cnas = {
  scheme: 'CNAS',
  number: 'L9901',
  basis: 'history',
  validFrom: '2019-01-01',
  validUntil: '2027-12-31',
  statusToday: 'ACTIVE',
} as const;
const cma = { scheme: 'CMA', number: '230099990001', basis: 'current', validFrom: '2019-01-01', validUntil: null, statusToday: 'ACTIVE' } as const;

describe('check: accreditation-valid-at-issue', () => {
  it('passes when the printed accreditations were active on the issue date', () => {
    // Act & Assess
    expect(accreditationValidAtIssue.run(makeContext())).toStrictEqual({
      name: 'accreditation-valid-at-issue',
      status: 'PASS',
      code: 'ACTIVE_AT_ISSUE',
      message: 'The accreditation CNAS L9901 was active on the issue date 2025-03-14.',
      evidence: {
        issuerId: 'qingshi-testing',
        issueDate: '2025-03-14',
        accreditations: [
          { ...cnas, statusAtIssue: 'ACTIVE' },
          { ...cma, statusAtIssue: 'ACTIVE' },
        ],
      },
    });
  });

  it('fails when the accreditation was suspended on the issue date, although it is active today', () => {
    // Prepare
    const ctx = withFields({ issueDate: field('2024-04-10'), accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L9901' }]) });
    // Act & Assess
    expect(accreditationValidAtIssue.run(ctx)).toStrictEqual({
      name: 'accreditation-valid-at-issue',
      status: 'FAIL',
      code: 'SUSPENDED_AT_ISSUE',
      message: 'The accreditation CNAS L9901 was suspended on the issue date 2024-04-10.',
      evidence: { issuerId: 'qingshi-testing', issueDate: '2024-04-10', accreditations: [{ ...cnas, statusAtIssue: 'SUSPENDED' }] },
    });
  });

  it('fails when the issue date is before the accreditation was granted', () => {
    // Prepare
    const ctx = withFields({ issueDate: field('2018-05-01') });
    // Act & Assess
    expect(accreditationValidAtIssue.run(ctx)).toStrictEqual({
      name: 'accreditation-valid-at-issue',
      status: 'FAIL',
      code: 'NOT_YET_VALID_AT_ISSUE',
      message: 'The accreditation CNAS L9901 was not yet valid on the issue date 2018-05-01.',
      evidence: {
        issuerId: 'qingshi-testing',
        issueDate: '2018-05-01',
        accreditations: [
          { ...cnas, statusAtIssue: 'NOT_YET_VALID', basis: 'validity' },
          { ...cma, statusAtIssue: 'NOT_YET_VALID', basis: 'validity' },
        ],
      },
    });
  });

  it('fails when the issue date is after the accreditation expired', () => {
    // Prepare
    const ctx = withFields({ issueDate: field('2028-01-05'), accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L9901' }]) });
    // Act & Assess
    expect(accreditationValidAtIssue.run(ctx)).toMatchObject({ status: 'FAIL', code: 'EXPIRED_AT_ISSUE' });
  });

  it('fails when the history says the accreditation was withdrawn on the issue date', () => {
    // Prepare
    const withdrawn: Accreditation = {
      scheme: 'CNAS',
      number: 'L9901',
      validFrom: '2019-01-01',
      status: 'WITHDRAWN',
      statusHistory: [{ status: 'WITHDRAWN', from: '2025-01-01' }],
    };
    const issuer = { ...qingshi, accreditations: [withdrawn] };
    const ctx = withFields({ accreditationNumbers: field([{ scheme: 'CNAS' as const, number: 'L9901' }]) }, { issuers: { byAccreditation: [], directory: [issuer] } });
    // Act & Assess
    expect(accreditationValidAtIssue.run(ctx)).toStrictEqual({
      name: 'accreditation-valid-at-issue',
      status: 'FAIL',
      code: 'WITHDRAWN_AT_ISSUE',
      message: 'The accreditation CNAS L9901 was withdrawn on the issue date 2025-03-14.',
      evidence: {
        issuerId: 'qingshi-testing',
        issueDate: '2025-03-14',
        accreditations: [
          { scheme: 'CNAS', number: 'L9901', statusAtIssue: 'WITHDRAWN', basis: 'history', validFrom: '2019-01-01', validUntil: null, statusToday: 'WITHDRAWN' },
        ],
      },
    });
  });

  it('warns when the accreditation is suspended today and no history dates the suspension', () => {
    // Prepare
    const ctx = makeContext({
      fields: { reportNumber: field('BP-1'), issuerName: field('蓝峰认证有限公司'), issueDate: field('2024-08-01') },
      registeredReports: [],
    });
    // Act & Assess
    expect(accreditationValidAtIssue.run(ctx)).toStrictEqual({
      name: 'accreditation-valid-at-issue',
      status: 'WARN',
      code: 'STATUS_AT_ISSUE_UNKNOWN',
      message:
        'The status of the accreditation on the issue date 2024-08-01 is not known: it is not active today and no dated history says since when.',
      evidence: {
        issuerId: 'bluepeak-cert',
        issueDate: '2024-08-01',
        accreditations: [
          { scheme: 'CNCA', number: 'CNCA-R-2099-001', statusAtIssue: 'UNKNOWN', basis: 'current', validFrom: '2020-01-01', validUntil: null, statusToday: 'SUSPENDED' },
        ],
      },
    });
    expect(bluepeak.accreditations).toHaveLength(1);
  });

  it('is skipped when the issuer holds no accreditation and the document claims none', () => {
    // Prepare
    const ctx = makeContext({ fields: gemFields(), registeredReports: [gemReport] });
    // Act & Assess
    expect(accreditationValidAtIssue.run(ctx)).toStrictEqual({
      name: 'accreditation-valid-at-issue',
      status: 'SKIPPED',
      code: 'NO_ACCREDITATION_CLAIMED',
      message: 'northstar-gem-lab holds no accreditation on record and the document prints none.',
      evidence: { issuerId: 'northstar-gem-lab' },
    });
  });

  it('warns when the document prints accreditation marks the issuer has none of on record', () => {
    // Prepare
    const fields = { ...gemFields(), accreditationNumbers: field([{ scheme: 'ILAC' as const, number: 'ILAC-999' }]) };
    const ctx = makeContext({ fields, registeredReports: [gemReport] });
    // Act & Assess
    expect(accreditationValidAtIssue.run(ctx)).toStrictEqual({
      name: 'accreditation-valid-at-issue',
      status: 'WARN',
      code: 'NO_ACCREDITATION_ON_RECORD',
      message: 'The document prints accreditation marks, but northstar-gem-lab has none on record.',
      evidence: { issuerId: 'northstar-gem-lab', printed: [{ scheme: 'ILAC', number: 'ILAC-999' }] },
    });
  });

  it('uses the registered issue date when none is printed, and does not apply without an issuer', () => {
    // Act & Assess
    expect(accreditationValidAtIssue.applies(withFields({ issueDate: undefined }))).toBe(true);
    const unknown = makeContext({ fields: { reportNumber: field('X-1'), issuerName: field('某某检测中心') }, registeredReports: [] });
    expect(accreditationValidAtIssue.applies(unknown)).toBe(false);
    expect(DIRECTORY).toContain(northstar);
  });
});

describe('statusOnDay', () => {
  const a: Accreditation = {
    scheme: 'CNAS',
    number: 'L1',
    validFrom: '2020-01-01',
    status: 'ACTIVE',
    statusHistory: [
      { status: 'SUSPENDED', from: '2022-01-01' },
      { status: 'ACTIVE', from: '2022-06-01' },
    ],
  };
  it.each([
    ['2019-12-31', 'NOT_YET_VALID'],
    ['2021-06-01', 'ACTIVE'], // before the first recorded change
    ['2022-01-01', 'SUSPENDED'],
    ['2022-05-31', 'SUSPENDED'],
    ['2022-06-01', 'ACTIVE'],
  ])('%s → %s', (day, status) => {
    // Act & Assess
    expect(statusOnDay(a, day).status).toBe(status);
  });

  it('is UNKNOWN after the last recorded change when today’s status differs from it', () => {
    // Act & Assess
    expect(statusOnDay({ ...a, status: 'SUSPENDED' }, '2023-01-01')).toStrictEqual({ status: 'UNKNOWN', basis: 'history' });
  });
});

import { describe, expect, it } from 'vitest';
import { reportRegistered } from '#shared/checks/report-registered.ts';
import { field, genuineReport, makeContext, withFields } from './fixtures.ts';

describe('check: report-registered', () => {
  it('passes when the issuer registered the number and it is VALID', () => {
    // Act & Assess
    expect(reportRegistered.run(makeContext())).toStrictEqual({
      name: 'report-registered',
      status: 'PASS',
      code: 'REGISTERED_VALID',
      message: 'QS2025-000123 is registered by qingshi-testing and valid.',
      evidence: { issuerId: 'qingshi-testing', reportNumber: 'QS2025-000123', status: 'VALID' },
    });
  });

  it.each([
    ['WITHDRAWN', 'QS2025-000123 was withdrawn by qingshi-testing.'],
    ['REVOKED', 'QS2025-000123 was revoked by qingshi-testing.'],
    ['SUPERSEDED', 'QS2025-000123 was superseded by a newer report of qingshi-testing.'],
  ] as const)('fails with its own code when the registration is %s', (status, message) => {
    // Prepare
    const change = { status, reason: 'issued in error', at: '2025-04-02T09:00:00.000Z', by: 'key_qs' };
    const ctx = makeContext({ registeredReports: [{ ...genuineReport, status, history: [change] }] });
    // Act & Assess
    expect(reportRegistered.run(ctx)).toStrictEqual({
      name: 'report-registered',
      status: 'FAIL',
      code: status,
      message,
      evidence: {
        issuerId: 'qingshi-testing',
        reportNumber: 'QS2025-000123',
        status,
        lastChange: { status, reason: 'issued in error', at: '2025-04-02T09:00:00.000Z' },
      },
    });
  });

  it('matches the registration after normalising the printed number', () => {
    // Prepare
    const ctx = withFields({ reportNumber: field('ｑｓ２０２５－０００１２３') });
    // Act & Assess
    expect(reportRegistered.run(ctx)).toMatchObject({ status: 'PASS', code: 'REGISTERED_VALID' });
  });

  it('fails when an issuer that registers every report has no such number', () => {
    // Prepare
    const ctx = withFields({ reportNumber: field('QS2025-999999') }, { registeredReports: [] });
    // Act & Assess
    expect(reportRegistered.run(ctx)).toStrictEqual({
      name: 'report-registered',
      status: 'FAIL',
      code: 'NOT_REGISTERED',
      message: 'qingshi-testing registers every report it issues, and QS2025-999999 is not among them.',
      evidence: { reportNumber: 'QS2025-999999', issuerId: 'qingshi-testing', registersAllReports: true, registeredBy: [] },
    });
  });

  it('warns (unverifiable) when an issuer that does not register every report has no such number', () => {
    // Prepare
    const ctx = makeContext({ fields: { reportNumber: field('NS20259999'), issuerName: field('Northstar Gem Laboratory') }, registeredReports: [] });
    // Act & Assess
    expect(reportRegistered.run(ctx)).toStrictEqual({
      name: 'report-registered',
      status: 'WARN',
      code: 'UNREGISTERED_UNVERIFIABLE',
      message: 'northstar-gem-lab does not register all its reports; NS20259999 cannot be looked up.',
      evidence: { reportNumber: 'NS20259999', issuerId: 'northstar-gem-lab', registersAllReports: false, registeredBy: [] },
    });
  });

  it('warns when the number is registered, but by another issuer', () => {
    // Prepare
    const ctx = makeContext({ fields: { reportNumber: field('QS2025-000123'), issuerName: field('Northstar Gem Laboratory') } });
    // Act & Assess
    expect(reportRegistered.run(ctx)).toStrictEqual({
      name: 'report-registered',
      status: 'WARN',
      code: 'REGISTERED_TO_OTHER_ISSUER',
      message: 'QS2025-000123 is not registered by northstar-gem-lab but by qingshi-testing.',
      evidence: { reportNumber: 'QS2025-000123', issuerId: 'northstar-gem-lab', registersAllReports: false, registeredBy: ['qingshi-testing'] },
    });
  });

  it('warns (unverifiable) when the issuer is unknown and nothing is registered', () => {
    // Prepare
    const ctx = makeContext({ fields: { reportNumber: field('ZX-77'), issuerName: field('某某检测中心') }, registeredReports: [] });
    // Act & Assess
    expect(reportRegistered.run(ctx)).toStrictEqual({
      name: 'report-registered',
      status: 'WARN',
      code: 'UNREGISTERED_UNVERIFIABLE',
      message: 'ZX-77 is not registered and the issuer is unknown.',
      evidence: { reportNumber: 'ZX-77' },
    });
  });

  it('warns when several issuers registered the number and the document does not say which', () => {
    // Prepare
    const ctx = makeContext({
      fields: { reportNumber: field('QS2025-000123') },
      registeredReports: [genuineReport, { ...genuineReport, issuerId: 'bluepeak-cert' }],
    });
    // Act & Assess
    expect(reportRegistered.run(ctx)).toStrictEqual({
      name: 'report-registered',
      status: 'WARN',
      code: 'AMBIGUOUS_REGISTRATION',
      message: 'Several issuers registered QS2025-000123 and the document does not say which issued it.',
      evidence: { reportNumber: 'QS2025-000123', registeredBy: ['qingshi-testing', 'bluepeak-cert'] },
    });
  });

  it('does not apply without a report number', () => {
    // Act & Assess
    expect(reportRegistered.applies(withFields({ reportNumber: undefined }))).toBe(false);
  });
});

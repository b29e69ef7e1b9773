import { describe, expect, it } from 'vitest';
import { validity } from '#shared/checks/validity.ts';
import { field, genuineReport, makeContext, withFields } from './fixtures.ts';

describe('check: validity', () => {
  it('passes while the registered validUntil has not passed (valid through that day)', () => {
    // Prepare
    const ctx = makeContext({ registeredReports: [{ ...genuineReport, validUntil: '2025-06-01' }] });
    // Act & Assess
    expect(validity.run(ctx)).toStrictEqual({
      name: 'validity',
      status: 'PASS',
      code: 'VALID_NOW',
      message: 'The document is valid until 2025-06-01.',
      evidence: { validUntil: '2025-06-01', source: 'registered', today: '2025-06-01' },
    });
  });

  it('fails with EXPIRED when the certificate is past its validUntil', () => {
    // Prepare
    const ctx = withFields({ validUntil: field('2025-05-31') }, { registeredReports: [] });
    // Act & Assess
    expect(validity.run(ctx)).toStrictEqual({
      name: 'validity',
      status: 'FAIL',
      code: 'EXPIRED',
      message: 'The document expired on 2025-05-31.',
      evidence: { validUntil: '2025-05-31', source: 'printed', today: '2025-06-01' },
    });
  });

  it('believes the registration over a printed date that was pushed out', () => {
    // Prepare
    const ctx = withFields({ validUntil: field('2030-01-01') }, { registeredReports: [{ ...genuineReport, validUntil: '2025-01-01' }] });
    // Act & Assess
    expect(validity.run(ctx)).toMatchObject({ status: 'FAIL', code: 'EXPIRED', evidence: { source: 'registered' } });
  });

  it('does not apply without a validUntil', () => {
    // Act & Assess
    expect(validity.applies(makeContext())).toBe(false);
  });
});

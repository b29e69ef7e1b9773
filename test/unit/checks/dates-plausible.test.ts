import { describe, expect, it } from 'vitest';
import { datesPlausible } from '#shared/checks/dates-plausible.ts';
import { field, makeContext, withFields } from './fixtures.ts';

describe('check: dates-plausible', () => {
  it('passes when the dates are possible (an issue date of tomorrow in UTC is allowed)', () => {
    // Prepare
    const ctx = withFields({ issueDate: field('2025-06-02'), validUntil: field('2028-06-01') });
    // Act & Assess
    expect(datesPlausible.run(ctx)).toStrictEqual({
      name: 'dates-plausible',
      status: 'PASS',
      code: 'PLAUSIBLE',
      message: 'The printed dates are plausible.',
      evidence: { issueDate: '2025-06-02', sampleReceivedDate: '2025-03-01', validUntil: '2028-06-01', today: '2025-06-01' },
    });
  });

  it('fails on a date in the future, listing every problem', () => {
    // Prepare
    const ctx = withFields({ issueDate: field('2025-07-01'), sampleReceivedDate: field('2025-07-05') });
    // Act & Assess
    expect(datesPlausible.run(ctx)).toStrictEqual({
      name: 'dates-plausible',
      status: 'FAIL',
      code: 'FUTURE_DATE',
      message:
        'issueDate 2025-07-01 is in the future. sampleReceivedDate 2025-07-05 is in the future. The sample was received on 2025-07-05, after the issue date 2025-07-01.',
      evidence: {
        issueDate: '2025-07-01',
        sampleReceivedDate: '2025-07-05',
        validUntil: null,
        today: '2025-06-01',
        problems: ['FUTURE_DATE', 'FUTURE_DATE', 'RECEIVED_AFTER_ISSUE'],
      },
    });
  });

  it('fails when the sample was received after the issue date', () => {
    // Prepare
    const ctx = withFields({ sampleReceivedDate: field('2025-03-20') });
    // Act & Assess
    expect(datesPlausible.run(ctx)).toStrictEqual({
      name: 'dates-plausible',
      status: 'FAIL',
      code: 'RECEIVED_AFTER_ISSUE',
      message: 'The sample was received on 2025-03-20, after the issue date 2025-03-14.',
      evidence: { issueDate: '2025-03-14', sampleReceivedDate: '2025-03-20', validUntil: null, today: '2025-06-01', problems: ['RECEIVED_AFTER_ISSUE'] },
    });
  });

  it('fails when the validity ends before the issue date', () => {
    // Prepare
    const ctx = withFields({ validUntil: field('2024-03-14') });
    // Act & Assess
    expect(datesPlausible.run(ctx)).toStrictEqual({
      name: 'dates-plausible',
      status: 'FAIL',
      code: 'VALID_UNTIL_BEFORE_ISSUE',
      message: 'validUntil 2024-03-14 is before the issue date 2025-03-14.',
      evidence: { issueDate: '2025-03-14', sampleReceivedDate: '2025-03-01', validUntil: '2024-03-14', today: '2025-06-01', problems: ['VALID_UNTIL_BEFORE_ISSUE'] },
    });
  });

  it('does not apply without printed dates', () => {
    // Act & Assess
    expect(datesPlausible.applies(makeContext({ fields: { reportNumber: field('QS2025-000123') } }))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ocrReadings, reportNumberPattern } from '#shared/checks/report-number-pattern.ts';
import { field, makeContext, withFields } from './fixtures.ts';

const evidenceOff = (reportNumber: string) => ({ reportNumber, issuerId: 'qingshi-testing', patterns: ['QS\\d{4}-\\d{6}'] });

describe('check: report-number-pattern', () => {
  it("passes when the number fits the issuer's pattern in full (spacing ignored)", () => {
    // Prepare
    const ctx = withFields({ reportNumber: field('QS 2025-000123') });
    // Act & Assess
    expect(reportNumberPattern.run(ctx)).toStrictEqual({
      name: 'report-number-pattern',
      status: 'PASS',
      code: 'MATCHES_PATTERN',
      message: "The report number fits the issuer's pattern QS\\d{4}-\\d{6}.",
      evidence: { reportNumber: 'QS 2025-000123', pattern: 'QS\\d{4}-\\d{6}' },
    });
  });

  it('fails when the number does not fit in full and nothing else on the document reads it otherwise', () => {
    // Prepare
    const ctx = withFields({ reportNumber: field('QS2025-0001234'), qr: undefined }, { registeredReports: [] });
    // Act & Assess
    expect(reportNumberPattern.run(ctx)).toStrictEqual({
      name: 'report-number-pattern',
      status: 'FAIL',
      code: 'OFF_PATTERN',
      message: "The report number QS2025-0001234 does not fit any of qingshi-testing's numbering patterns.",
      evidence: evidenceOff('QS2025-0001234'),
    });
  });

  it('only warns when the QR code carries a shorter form of the number (the parser may have run on)', () => {
    // Prepare
    const ctx = withFields({ reportNumber: field('QS2025-0001234') }, { registeredReports: [] });
    // Act & Assess
    expect(reportNumberPattern.run(ctx)).toStrictEqual({
      name: 'report-number-pattern',
      status: 'WARN',
      code: 'OFF_PATTERN_UNCERTAIN_READ',
      message: "The report number as read (QS2025-0001234) does not fit the issuer's patterns, but it was not read cleanly: possibly a misreading.",
      evidence: { ...evidenceOff('QS2025-0001234'), uncertain: 'CONFLICTING_READINGS', otherReadings: ['QS2025-000123'] },
    });
  });

  it('only warns when OCR may have read a 0 as an O', () => {
    // Prepare
    const ctx = withFields({ reportNumber: field('QS2O25-000123', 0.62) }, { registeredReports: [], textSource: 'tesseract' });
    // Act & Assess
    expect(reportNumberPattern.run(ctx)).toStrictEqual({
      name: 'report-number-pattern',
      status: 'WARN',
      code: 'OFF_PATTERN_OCR_AMBIGUOUS',
      message:
        "The report number as read does not fit the issuer's patterns, but the reading QS2025-000123 does; OCR may have confused characters.",
      evidence: { ...evidenceOff('QS2O25-000123'), ocrReading: 'QS2025-000123' },
    });
  });

  it('fails the same look-alike number from a text PDF, where nothing was misread', () => {
    // Prepare
    const ctx = withFields({ reportNumber: field('QS2O25-000123') }, { registeredReports: [] });
    // Act & Assess
    expect(reportNumberPattern.run(ctx)).toMatchObject({ status: 'FAIL', code: 'OFF_PATTERN' });
  });

  it('does not apply when the issuer has no numbering pattern', () => {
    // Prepare
    const ctx = makeContext({ fields: { reportNumber: field('BP-1'), issuerName: field('蓝峰认证有限公司') }, registeredReports: [] });
    // Act & Assess
    expect(reportNumberPattern.applies(ctx)).toBe(false);
  });

  it('lists OCR readings', () => {
    // Act & Assess
    expect(ocrReadings('QS2O25')).toStrictEqual(['052025', 'QSZOZS', 'QS2025']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  normaliseCmaNumber,
  normaliseCnasNumber,
  normaliseCncaNumber,
  normaliseReportNumber,
  numberFormatOf,
  repairMixedNumber,
  repairSystemCertificate,
  toDigits,
} from '#shared/fields/number-formats.ts';

describe('numberFormatOf', () => {
  it.each([
    ['L1234', 'CNAS_LAB'],
    ['C215-M', 'CNAS_CB'],
    ['I123', 'CNAS_IB'],
    ['202319125036', 'CMA'],
    ['2021010703123456', 'CCC'],
    ['2141234567', 'GEM_REPORT'],
    ['CNCA-R-2004-118', 'CNCA'],
    ['12325Q30471R1M', 'SYSTEM_CERT'],
  ])('%s is %s', (n, format) => {
    // Act & Assess
    expect(numberFormatOf(n)).toBe(format);
  });

  it('knows no format for other numbers', () => {
    // Act & Assess
    expect(numberFormatOf('HX2025-0314')).toBeUndefined();
    expect(numberFormatOf('L12345')).toBeUndefined();
  });
});

describe('toDigits and repairMixedNumber', () => {
  it('maps look-alikes to digits in an all-digit number', () => {
    // Act & Assess
    expect(toDigits('2O2l9OO4S12')).toBe('20219004512');
  });

  it('repairs an O or l only where it touches a digit and no other letter', () => {
    // Act & Assess
    expect(repairMixedNumber('HX2O25-O314')).toBe('HX2025-0314');
    expect(repairMixedNumber('HOX2025')).toBe('HOX2025');
    expect(repairMixedNumber('2025l1')).toBe('202511');
  });
});

describe('accreditation numbers', () => {
  it('normalises CNAS numbers, OCR noise included', () => {
    // Act & Assess
    expect(normaliseCnasNumber('L 12O4')).toBe('L1204');
    expect(normaliseCnasNumber('l1234')).toBe('L1234');
    expect(normaliseCnasNumber('16120')).toBe('L6120');
    expect(normaliseCnasNumber('C215 - m')).toBe('C215-M');
    expect(normaliseCnasNumber('X1234')).toBeUndefined();
  });

  it('normalises 12-digit CMA numbers', () => {
    // Act & Assess
    expect(normaliseCmaNumber('2023 1912 5O36')).toBe('202319125036');
    expect(normaliseCmaNumber('20231912503')).toBeUndefined();
  });

  it('normalises CNCA approval numbers', () => {
    // Act & Assess
    expect(normaliseCncaNumber('批准号 CNCA R 2OO4-118')).toBe('CNCA-R-2004-118');
    expect(normaliseCncaNumber('CNCA')).toBeUndefined();
  });
});

describe('normaliseReportNumber', () => {
  it('trims and repairs report numbers as printed', () => {
    // Act & Assess
    expect(normaliseReportNumber(' ＨＸＪＣ－２０２５－０３－０８１５。')).toBe('HXJC-2025-03-0815');
    expect(normaliseReportNumber('HTS2O25-031400127')).toBe('HTS2025-031400127');
  });

  it('repairs an all-digit number of a known length with a few look-alikes, but not letter prefixes', () => {
    // Act & Assess
    expect(normaliseReportNumber('21412345O7')).toBe('2141234507');
    expect(normaliseReportNumber('SB20250314')).toBe('SB20250314');
  });

  it('repairs management-system certificate numbers to their format', () => {
    // Act & Assess
    expect(normaliseReportNumber('03125Q21893R0OM')).toBe('03125Q21893R0M');
    expect(repairSystemCertificate('O3125Q21893R1M')).toBe('03125Q21893R1M');
    expect(repairSystemCertificate('HX2025')).toBeUndefined();
  });
});

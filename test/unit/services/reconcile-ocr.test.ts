import { describe, expect, it } from 'vitest';
import type { ExtractedFields } from '#shared/domain/verification.ts';
import { ocrEquivalent, reconcileReportNumber } from '#shared/services/reconcile-ocr.ts';
import type { TextResult } from '#shared/text/types.ts';

const QR = 'https://verify.example.cn/r/MJ2025-000127';

const fields = (reportNumber: string | undefined, qr?: string): ExtractedFields => ({
  ...(reportNumber ? { reportNumber: { value: reportNumber, confidence: 0.9, source: { page: 1, line: 4 } } } : {}),
  ...(qr ? { qr: { value: { payload: qr, host: 'verify.example.cn' }, confidence: 1, source: { page: 1 } } } : {}),
});

const page = (...lines: string[]): TextResult => ({
  engine: 'paddle',
  pages: [{ pageNumber: 1, lines: lines.map((text, i) => ({ text, confidence: 0.96, box: { left: 0.1, top: 0.05 * (i + 1), width: 0.7, height: 0.02 }, words: [] })) }],
  keyValues: [],
});

describe('service: reconcile-ocr', () => {
  it.each([
    ['MI2025-000127', 'MJ2025-000127', true],
    ['MJ2O25-OOO127', 'MJ2025-000127', false],
    ['MJ2025-000128', 'MJ2025-000127', false],
    ['MJ2025-00012', 'MJ2025-000127', false],
    ['5B2025', 'SB2025', true],
  ])('ocrEquivalent(%s, %s) is %s', (a, b, expected) => {
    // Act & Assess
    expect(ocrEquivalent(a, b)).toBe(expected);
  });

  it('reads an OCR confusion in the number as the number of the QR code', () => {
    // Act
    const out = reconcileReportNumber(fields('MI2025-000127', QR), 'tesseract');

    // Assess
    expect(out.fields.reportNumber).toStrictEqual({ value: 'MJ2025-000127', confidence: 0.8, source: { page: 1, line: 4 } });
    expect(out.reconciled).toStrictEqual({ printed: 'MI2025-000127', value: 'MJ2025-000127', how: 'lookalike' });
  });

  it('completes a number a seal made partly illegible from the QR code, below the confidence of hard evidence', () => {
    // Prepare: the seal's star over "20" and its ring over "1" — the parser takes no number from it
    const qr = 'https://verify.example.cn/r?no=XX-2025-000123';
    const text = page('检验检测报告', '本报告（报告编号：XX→25-00d23）由某某检测中心于2025年7月2日签发。');

    // Act
    const out = reconcileReportNumber(fields(undefined, qr), 'paddle', text);

    // Assess
    expect(out.reconciled).toStrictEqual({ printed: 'XX-25-00D23', value: 'XX-2025-000123', how: 'partly-legible' });
    expect(out.fields.reportNumber).toMatchObject({ value: 'XX-2025-000123', source: { page: 1, line: 2 } });
    expect(out.fields.reportNumber?.confidence).toBeLessThan(0.75);
  });

  it('completes a parsed number that lost characters, but never one with a character changed', () => {
    // Act
    const lost = reconcileReportNumber(fields('MJ2025-00127', QR), 'paddle');
    const changed = reconcileReportNumber(fields('MJ2025-00128', QR), 'paddle');

    // Assess
    expect(lost.reconciled).toMatchObject({ how: 'partly-legible', value: 'MJ2025-000127' });
    expect(changed.reconciled).toBeUndefined();
    expect(changed.fields.reportNumber?.value).toBe('MJ2025-00128');
  });

  it('does not complete from a fragment that is another number, or too short to tell', () => {
    // Act
    const other = reconcileReportNumber(fields(undefined, QR), 'paddle', page('报告编号：HX25-00d27'));
    const short = reconcileReportNumber(fields(undefined, QR), 'paddle', page('报告编号：M→27'));

    // Assess
    expect(other.reconciled).toBeUndefined();
    expect(short.reconciled).toBeUndefined();
    expect(other.fields.reportNumber).toBeUndefined();
  });

  it('keeps a number a forger changed, a text-layer number, and a number without a QR code', () => {
    // Prepare
    const changed = fields('MJ2025-000128', QR);
    const textLayer = fields('MI2025-000127', QR);
    const noQr = fields('MI2025-000127');

    // Act & Assess
    expect(reconcileReportNumber(changed, 'tesseract').fields).toBe(changed);
    expect(reconcileReportNumber(textLayer, 'pdf-text').fields).toBe(textLayer);
    expect(reconcileReportNumber(noQr, 'textract').fields).toBe(noQr);
    expect(reconcileReportNumber(fields(undefined, QR), 'pdf-text', page('报告编号：MJ25-00d27')).reconciled).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { ExtractedFields } from '#shared/domain/verification.ts';
import { ocrEquivalent, reconcileOcrReportNumber } from '#shared/services/reconcile-ocr.ts';

const fields = (reportNumber: string, qr?: string): ExtractedFields => ({
  reportNumber: { value: reportNumber, confidence: 0.9, source: { page: 1, line: 4 } },
  ...(qr ? { qr: { value: { payload: qr, host: 'verify.example.cn' }, confidence: 1, source: { page: 1 } } } : {}),
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
    const out = reconcileOcrReportNumber(fields('MI2025-000127', 'https://verify.example.cn/r/MJ2025-000127'), 'tesseract');

    // Assess
    expect(out.reportNumber).toStrictEqual({ value: 'MJ2025-000127', confidence: 0.8, source: { page: 1, line: 4 }, correctedFrom: 'MI2025-000127' });
  });

  it('keeps a number a forger changed, a text-layer number, and a number without a QR code', () => {
    // Prepare
    const changed = fields('MJ2025-000128', 'https://verify.example.cn/r/MJ2025-000127');
    const textLayer = fields('MI2025-000127', 'https://verify.example.cn/r/MJ2025-000127');
    const noQr = fields('MI2025-000127');

    // Act & Assess
    expect(reconcileOcrReportNumber(changed, 'tesseract')).toBe(changed);
    expect(reconcileOcrReportNumber(textLayer, 'pdf-text')).toBe(textLayer);
    expect(reconcileOcrReportNumber(noQr, 'textract')).toBe(noQr);
  });
});

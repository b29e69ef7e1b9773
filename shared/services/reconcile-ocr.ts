import { normaliseNumber } from '#shared/domain/normalise.ts';
import type { ExtractedFields, TextSource } from '#shared/domain/verification.ts';
import { isOcrSource, ocrEquivalent } from '#shared/checks/reading-policy.ts';

export { ocrEquivalent };


/**
 * An OCR'd report number that differs from the number in the document's own
 * QR code only by characters OCR confuses (I/J/1, O/0…) is read as the QR's:
 * the QR code is machine-readable and exact. Only OCR readings are touched,
 * and only confusable characters, so a number a forger actually changed
 * (7 → 8) still disagrees with the QR code and is caught by the qr-code check.
 * The correction is kept in `correctedFrom`.
 */
export const reconcileOcrReportNumber = (fields: ExtractedFields, textSource: TextSource): ExtractedFields => {
  const printed = fields.reportNumber;
  const qr = fields.qr?.value.payload;
  if (!isOcrSource(textSource) || !printed || !qr) return fields;
  const target = normaliseNumber(printed.value);
  const candidates = normaliseNumber(qr).split(/[^A-Z0-9-]+/).filter((t) => t.length === target.length);
  const matches = [...new Set(candidates.filter((t) => ocrEquivalent(target, t)))];
  const [match] = matches;
  if (matches.length !== 1 || match === undefined || match === target) return fields;
  return {
    ...fields,
    reportNumber: { ...printed, value: match, confidence: Math.min(printed.confidence, 0.8), correctedFrom: printed.value } as typeof printed,
  };
};

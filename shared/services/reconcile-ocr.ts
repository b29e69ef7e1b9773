import { normaliseNumber } from '#shared/domain/normalise.ts';
import { OcrTextSources, type ExtractedFields, type TextSource } from '#shared/domain/verification.ts';

/** Characters OCR engines confuse with each other, as classes. */
const CONFUSABLE_CLASSES = ['IJL1|', 'O0DQ', 'S5', 'B8', 'Z2', 'G6'] as const;
const classOf = (ch: string): string => CONFUSABLE_CLASSES.find((c) => c.includes(ch)) ?? ch;

/** Same length, and every differing character is an OCR confusion: "MI2025-000127" ~ "MJ2025-000127". */
export const ocrEquivalent = (a: string, b: string, maxDifferences = 2): boolean => {
  if (a.length !== b.length || a === b) return a === b;
  let differences = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    if (classOf(x) !== classOf(y) || classOf(x).length === 1) return false;
    if (++differences > maxDifferences) return false;
  }
  return true;
};

const OCR_SOURCES: ReadonlySet<TextSource> = new Set(OcrTextSources);

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
  if (!OCR_SOURCES.has(textSource) || !printed || !qr) return fields;
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

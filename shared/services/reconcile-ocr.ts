import { normaliseNumber, payloadNumberTokens } from '#shared/domain/normalise.ts';
import type { ExtractedFields, TextSource } from '#shared/domain/verification.ts';
import {
  isOcrSource,
  lookalikeSubsequence,
  NumberReconciliations,
  ocrEquivalent,
  PLACED_CONFIDENT,
  type ReconciledNumber,
} from '#shared/checks/reading-policy.ts';
import { reportNumberFragments } from '#shared/fields/parse-fields.ts';
import type { TextResult } from '#shared/text/types.ts';

export { ocrEquivalent };

/** A number completed from the QR code stays below PLACED_CONFIDENT: never hard evidence (reading-policy.ts). */
const PARTLY_LEGIBLE_CONFIDENCE = 0.7;
/** A shorter fragment than this says too little to tie it to a number. */
const MIN_FRAGMENT = 6;

/** The tokens of the QR payloads that could be a report number (normalised, with a digit). */
const qrNumbers = (fields: ExtractedFields): string[] => {
  const payload = fields.qr?.value.payload;
  return payload ? [...new Set(payloadNumberTokens(payload))] : [];
};

/** The one QR number that `accepts` the printed reading, if exactly one does. */
const onlyMatch = (numbers: readonly string[], accepts: (n: string) => boolean): string | undefined => {
  const matches = numbers.filter(accepts);
  return matches.length === 1 ? matches[0] : undefined;
};

export interface ReconciledFields {
  fields: ExtractedFields;
  /** How the report number was taken from the QR code, when it was. */
  reconciled?: ReconciledNumber;
}

/**
 * An OCR'd report number is reconciled with the number in the document's own QR code
 * (machine-readable and exact):
 * - it differs only by characters OCR confuses (I/J/1, O/0…): it is the QR's number
 *   (`lookalike`), at most 0.8 confident;
 * - characters of it are illegible (a seal over the number: "XX→25-00d23", or nothing the
 *   parser could take), and what can be read where the number is printed (the parsed
 *   number, or when none was parsed the text after its labels) is the QR's
 *   number with characters missing (look-alikes allowed, nothing changed): it is the QR's
 *   number (`partly-legible`), below PLACED_CONFIDENT, so that it is never hard evidence,
 *   and the qr-code check warns, for a person to confirm.
 * Only OCR readings are touched; a number a forger actually changed (7 → 8) still
 * disagrees with the QR code and is caught by the qr-code check.
 */
export const reconcileReportNumber = (fields: ExtractedFields, textSource: TextSource, text?: TextResult): ReconciledFields => {
  const numbers = qrNumbers(fields);
  if (!isOcrSource(textSource) || numbers.length === 0) return { fields };
  const printed = fields.reportNumber;
  const target = printed ? normaliseNumber(printed.value) : undefined;
  if (target !== undefined && numbers.includes(target)) return { fields };

  const lookalike = target === undefined ? undefined : onlyMatch(numbers, (n) => ocrEquivalent(target, n));
  if (printed && target !== undefined && lookalike !== undefined) {
    return {
      fields: { ...fields, reportNumber: { ...printed, value: lookalike, confidence: Math.min(printed.confidence, 0.8) } },
      reconciled: { printed: target, value: lookalike, how: NumberReconciliations.LOOKALIKE },
    };
  }

  // What stands where the number is printed: the parsed number, or (none parsed) the raw text after its labels.
  const readings =
    printed && target !== undefined
      ? [{ text: target, confidence: printed.confidence, source: printed.source }]
      : text
        ? reportNumberFragments(text)
        : [];
  for (const reading of readings) {
    if (reading.text.length < MIN_FRAGMENT) continue;
    const full = onlyMatch(numbers, (n) => lookalikeSubsequence(reading.text, n));
    if (full === undefined) continue;
    const confidence = Math.min(reading.confidence, PARTLY_LEGIBLE_CONFIDENCE, PLACED_CONFIDENT - 0.05);
    return {
      fields: { ...fields, reportNumber: { value: full, confidence, source: reading.source } },
      reconciled: { printed: reading.text, value: full, how: NumberReconciliations.PARTLY_LEGIBLE },
    };
  }
  return { fields };
};

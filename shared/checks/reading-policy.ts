/**
 * When a reading is hard evidence (part of the verdict policy, see
 * verdict-policy.ts; kept apart so that the checks can apply it without
 * importing the policy that imports them).
 *
 * A genuine report must never be called FRAUDULENT because we misread it. A
 * disagreement between what was read and what is registered is hard evidence
 * only when the reading is unambiguous:
 * - the value was read confidently (a text layer or typed-in fields; OCR only
 *   at OCR_CONFIDENT, when the difference is not a look-alike misread, and not
 *   where a seal's ink lies over the text),
 * - at the place its label names (a labelled line, cell or phrase: confidence
 *   at least PLACED_CONFIDENT; a letterhead guess or a scan for a lone date
 *   stays below it),
 * - and the registered value is NOT printed there (registry-guided
 *   confirmation: where it is, the field matches whatever the line parser
 *   made of it), nor at another place labelled for the same field.
 * A report number that is unregistered or off-pattern is hard evidence only
 * when it was read cleanly: at its label, and no other reading of it (another
 * place it is printed, the QR code) is a longer, shorter or look-alike form of
 * it. Everything else is a warning: SUSPICIOUS, with evidence that says what
 * was uncertain.
 */
import type { TextSource } from '#shared/domain/verification.ts';

/** Method caps of shared/fields: labelled values on a text layer are ≥ 0.79, header and scan guesses ≤ 0.72. */
export const PLACED_CONFIDENT = 0.75;
/** OCR readings below this are never hard evidence. */
export const OCR_CONFIDENT = 0.8;

export const ReadingOutcomes = { MATCH: 'match', HARD: 'hard', UNCERTAIN: 'uncertain' } as const;
export type ReadingOutcome = (typeof ReadingOutcomes)[keyof typeof ReadingOutcomes];

/** Why a reading is not hard evidence (or why it matches after all). */
export const ReadingReasons = {
  REGISTERED_VALUE_AT_PLACE: 'REGISTERED_VALUE_AT_PLACE',
  OCR_LOOKALIKE_TOLERATED: 'OCR_LOOKALIKE_TOLERATED',
  NOT_READ_AT_LABEL: 'NOT_READ_AT_LABEL',
  OCR_UNCERTAIN: 'OCR_UNCERTAIN',
  REGISTERED_VALUE_ELSEWHERE: 'REGISTERED_VALUE_ELSEWHERE',
  CONFLICTING_READINGS: 'CONFLICTING_READINGS',
  /** Read where a seal's ink lies over the text (a fax or gray scan keeps it: shared/fields/seals.ts). */
  UNDER_SEAL: 'UNDER_SEAL',
  CONFIDENT: 'CONFIDENT',
} as const;
export type ReadingReason = (typeof ReadingReasons)[keyof typeof ReadingReasons];

export const isOcrSource = (s: TextSource): boolean => s !== 'pdf-text' && s !== 'fields';

export interface FieldReading {
  textSource: TextSource;
  confidence: number;
  /** The registered value is printed at the place the field was read from; undefined without a text (typed-in fields). */
  registeredAtPlace: boolean | undefined;
  /** The registered value is printed at another place labelled for this field. */
  registeredElsewhere: boolean;
  /** OCR look-alike judgement of the difference ('differs' for text layers). */
  lookalike: 'tolerated' | 'uncertain' | 'differs';
  /** OCR read the value where a seal's ink lies over the text. */
  underSeal?: boolean;
}

/** How one printed field that differs from its registration counts. */
export const judgeFieldReading = (r: FieldReading): { outcome: ReadingOutcome; reason: ReadingReason } => {
  const out = (outcome: ReadingOutcome, reason: ReadingReason) => ({ outcome, reason });
  if (r.registeredAtPlace === true) return out('match', ReadingReasons.REGISTERED_VALUE_AT_PLACE);
  // What a platform typed is what it claims: there is nothing to misread.
  if (r.textSource === 'fields') return out('hard', ReadingReasons.CONFIDENT);
  if (r.lookalike === 'tolerated') return out('match', ReadingReasons.OCR_LOOKALIKE_TOLERATED);
  if (r.confidence < PLACED_CONFIDENT) return out('uncertain', ReadingReasons.NOT_READ_AT_LABEL);
  if (isOcrSource(r.textSource) && (r.lookalike === 'uncertain' || r.confidence < OCR_CONFIDENT)) return out('uncertain', ReadingReasons.OCR_UNCERTAIN);
  if (isOcrSource(r.textSource) && r.underSeal === true) return out('uncertain', ReadingReasons.UNDER_SEAL);
  if (r.registeredElsewhere) return out('uncertain', ReadingReasons.REGISTERED_VALUE_ELSEWHERE);
  return out('hard', ReadingReasons.CONFIDENT);
};

const CONFUSABLE = ['IJL1|', 'O0DQ', 'S5', 'B8', 'Z2', 'G6'] as const;
const classOf = (ch: string): string => CONFUSABLE.find((c) => c.includes(ch)) ?? ch;

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

/**
 * Every character of `partial`, in order, is a character of `full` or an OCR look-alike of
 * it, and only characters are missing ("XX-25-00D23" in "XX-2025-000123": a seal hid "20"
 * and "1"): a partly legible reading of `full`. At most `maxMissing` characters missing
 * (default: a third of `full`), and at least one. A changed character never fits.
 */
export const lookalikeSubsequence = (partial: string, full: string, maxMissing = Math.floor(full.length / 3)): boolean => {
  const missing = full.length - partial.length;
  if (missing < 1 || missing > maxMissing || partial.length === 0) return false;
  // Greedy in order is exact for subsequences; look-alikes only widen each character's class.
  let j = 0;
  for (const ch of partial) {
    while (j < full.length && !(full[j] === ch || (classOf(full[j] ?? '') === classOf(ch) && classOf(ch).length > 1))) j++;
    if (j === full.length) return false;
    j++;
  }
  return true;
};

/** How a printed report number was reconciled with the number of the document's QR code (services/reconcile-ocr.ts). */
export const NumberReconciliations = {
  /** Same length, only OCR look-alikes differ (I/1, O/0): a misreading, the QR code's number is the number. */
  LOOKALIKE: 'lookalike',
  /** Characters of the printed number are illegible (under a seal): the QR code's number, which a person should confirm. */
  PARTLY_LEGIBLE: 'partly-legible',
} as const;
export type NumberReconciliation = (typeof NumberReconciliations)[keyof typeof NumberReconciliations];

export interface ReconciledNumber {
  /** What was read where the number is printed (normalised). */
  printed: string;
  /** The QR code's number, now the report number. */
  value: string;
  how: NumberReconciliation;
}

export interface NumberReading {
  /** The number as read (normalised: upper case, no spaces). */
  value: string;
  confidence: number;
  textSource: TextSource;
  /** Every other reading: the number at its other printed places, tokens of the QR payloads (normalised). */
  others: readonly string[];
  /** OCR read the number where a seal's ink lies over the text. */
  underSeal?: boolean;
}

/**
 * A related reading is one a misreading could explain: a longer or shorter
 * form (the parser swallowed or cut off characters), or on OCR a look-alike, or
 * a look-alike with characters missing (a seal over the number).
 * An unrelated number (another report's) is the qr-code check's business.
 */
const related = (value: string, other: string, ocr: boolean): boolean => {
  if (other === value || other.length < Math.max(6, Math.ceil(value.length * 0.6)) || !/\d/.test(other)) return false;
  return (
    other.includes(value) ||
    value.includes(other) ||
    (ocr && (ocrEquivalent(value, other) || lookalikeSubsequence(value, other) || lookalikeSubsequence(other, value)))
  );
};

/** Whether an unregistered or off-pattern report number may be hard evidence, and the readings that argue against it. */
export const judgeNumberReading = (r: NumberReading): { outcome: 'hard' | 'uncertain'; reason: ReadingReason; conflicting: string[] } => {
  const conflicting = [...new Set(r.others.filter((o) => related(r.value, o, isOcrSource(r.textSource))))];
  if (r.textSource !== 'fields' && r.confidence < PLACED_CONFIDENT) return { outcome: 'uncertain', reason: ReadingReasons.NOT_READ_AT_LABEL, conflicting };
  if (conflicting.length > 0) return { outcome: 'uncertain', reason: ReadingReasons.CONFLICTING_READINGS, conflicting };
  if (isOcrSource(r.textSource) && r.underSeal === true) return { outcome: 'uncertain', reason: ReadingReasons.UNDER_SEAL, conflicting };
  return { outcome: 'hard', reason: ReadingReasons.CONFIDENT, conflicting };
};

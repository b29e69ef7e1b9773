/**
 * Known number formats (accreditation marks, certificate and report numbers)
 * and the OCR repairs that are safe once the format is known.
 */
import { normaliseText } from '#shared/domain/normalise.ts';

export const NUMBER_FORMATS = {
  /** CNAS-accredited laboratory: L + 4 digits. */
  CNAS_LAB: /^L\d{4}$/,
  /** CNAS-accredited certification body: C + 3–4 digits + -M/-P/-F… */
  CNAS_CB: /^C\d{3,4}-[A-Z]$/,
  /** CNAS-accredited inspection body: I + 3–4 digits. */
  CNAS_IB: /^I\d{3,4}$/,
  /** CMA (资质认定) certificate number: 12 digits. */
  CMA: /^\d{12}$/,
  /** CCC certificate number: 16 digits. */
  CCC: /^\d{16}$/,
  /** GIA-style gem report number: 10 digits. */
  GEM_REPORT: /^\d{10}$/,
  /** CNCA approval of a certification body: CNCA-R-YYYY-NNN. */
  CNCA: /^CNCA-R-\d{4}-\d{3}$/,
  /** Management-system certificate number as Chinese certification bodies issue them (IAF/ISO): 00125Q31234R1M. */
  SYSTEM_CERT: /^\d{5}[A-Z]{1,3}\d{4,6}R\d{1,2}[A-Z]?$/,
} as const;

export type NumberFormat = keyof typeof NUMBER_FORMATS;

/** Which known format a (normalised) number has, if any. */
export const numberFormatOf = (s: string): NumberFormat | undefined =>
  (Object.keys(NUMBER_FORMATS) as NumberFormat[]).find((k) => NUMBER_FORMATS[k].test(s));

const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', i: '1', '|': '1', '!': '1', Z: '2', z: '2', S: '5', s: '5', B: '8', G: '6', b: '6', g: '9',
};

/** For a string known to be all digits: letters that OCR confuses with digits become those digits. */
export const toDigits = (s: string): string => [...s].map((c) => DIGIT_LOOKALIKES[c] ?? c).join('');

/**
 * For a mixed number such as a report number: an O that touches a digit and no
 * other letter is a zero ("HX2O25-0314" → "HX2025-0314"); likewise I/l → 1.
 */
export const repairMixedNumber = (s: string): string => {
  const chars = [...s];
  return chars
    .map((c, i) => {
      if (!/[OoIl]/.test(c)) return c;
      const before = chars[i - 1] ?? '';
      const after = chars[i + 1] ?? '';
      const touchesDigit = /\d/.test(before) || /\d/.test(after);
      const touchesLetter = /[A-Za-z]/.test(before) || /[A-Za-z]/.test(after);
      if (!touchesDigit || touchesLetter) return c;
      return /[Oo]/.test(c) ? '0' : '1';
    })
    .join('');
};

/** "L 12O4", "l1234" → "L1234"; undefined when it is not a CNAS laboratory/body number. */
export const normaliseCnasNumber = (raw: string): string | undefined => {
  const s = normaliseText(raw).replace(/\s+/g, '').replace(/^No\.?/i, '');
  const m = /^([LlCcIi1|])-?([0-9OoIlSB]{3,4})(?:-([A-Za-z]))?$/.exec(s);
  if (!m) return undefined;
  let prefix = (m[1] ?? '').toUpperCase();
  if (prefix === '1' || prefix === '|') prefix = 'L';
  const digits = toDigits(m[2] ?? '');
  const suffix = m[3]?.toUpperCase();
  const candidate = suffix ? `${prefix}${digits}-${suffix}` : `${prefix}${digits}`;
  return numberFormatOf(candidate)?.startsWith('CNAS') ? candidate : undefined;
};

/** A 12-digit CMA number, repaired; undefined otherwise. */
export const normaliseCmaNumber = (raw: string): string | undefined => {
  const s = toDigits(normaliseText(raw).replace(/\s+/g, ''));
  return NUMBER_FORMATS.CMA.test(s) ? s : undefined;
};

/** "CNCA-R-2OO3-117", "CNCA R 2003 117" → "CNCA-R-2003-117". */
export const normaliseCncaNumber = (raw: string): string | undefined => {
  const m = /CNCA\s*[-–—]?\s*R\s*[-–—]?\s*([0-9OoIl]{4})\s*[-–—]?\s*([0-9OoIl]{3})/i.exec(normaliseText(raw));
  if (!m) return undefined;
  return `CNCA-R-${toDigits(m[1] ?? '')}-${toDigits(m[2] ?? '')}`;
};

/**
 * A report or certificate number as printed, trimmed, with O/0 and I/1 repaired
 * where the neighbours are digits; a number that is all digits but for
 * look-alikes (GIA 10 digits, CCC 16 digits) is repaired entirely.
 */
export const normaliseReportNumber = (raw: string): string => {
  const s = normaliseText(raw).replace(/^[#:：.\s]+|[,;，；。.\s]+$/gu, '');
  const compact = s.replace(/\s+/g, '');
  // All digits but for one or two O/I/l inside (not leading): a GIA, CMA or CCC number read by OCR.
  if (/^\d[0-9OoIl|]+$/.test(compact) && [10, 12, 16].includes(compact.length)) {
    const lookalikes = compact.replace(/\d/g, '').length;
    if (lookalikes <= 2) return toDigits(compact);
  }
  const repaired = repairMixedNumber(compact);
  return repairSystemCertificate(repaired) ?? repaired;
};

/**
 * A management-system certificate number (00125Q31234R1M) that OCR garbled by a
 * look-alike or a doubled zero ("R0OM"): the first variant that fits the format.
 */
export const repairSystemCertificate = (s: string): string | undefined => {
  if (NUMBER_FORMATS.SYSTEM_CERT.test(s)) return s;
  const m = /^([0-9OoIlSB]{5})([A-Z]{1,3})([0-9OoIlSB]{4,6})R([0-9OoIl]+)([A-Z]{0,2})$/.exec(s);
  if (!m) return undefined;
  const head = `${toDigits(m[1] ?? '')}${m[2] ?? ''}${toDigits(m[3] ?? '')}R`;
  const digits = m[4] ?? '';
  const tail = m[5] ?? '';
  // "0O" is one zero read twice; otherwise look-alikes are digits.
  for (const variant of [toDigits(digits.replace(/0[Oo]|[Oo]0/g, '0')), toDigits(digits)]) {
    const candidate = `${head}${variant}${tail}`;
    if (NUMBER_FORMATS.SYSTEM_CERT.test(candidate)) return candidate;
  }
  return undefined;
};

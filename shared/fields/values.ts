/** Readers from the raw text of a value to the typed value of each field, with continuation lines. */
import { type LabelledField } from './labels.ts';
import { continuation, joinLines, type ParsedLine } from './lines.ts';
import type { Values } from './collector.ts';
import { cleanValue, normaliseConclusion, parseCaratWeight, parseDate, parseStandards } from './normalisers.ts';
import { normaliseReportNumber } from './number-formats.ts';

/**
 * A name or model ends where its sentence or bracket does: at 。 or ；, at a
 * comma next to Chinese text, at a closing bracket it never opened
 * ("HX-1720）进行检验" → HX-1720).
 */
export const untilClause = (raw: string): string => {
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === '(' || c === '（') depth++;
    else if (c === ')' || c === '）') {
      if (depth === 0) return raw.slice(0, i);
      depth--;
    } else if (c === '。' || c === '；' || (c === ';' && depth === 0)) return raw.slice(0, i);
    else if ((c === ',' || c === '，') && (/\p{Script=Han}/u.test(raw[i - 1] ?? '') || /\p{Script=Han}/u.test(raw[i + 1] ?? ''))) return raw.slice(0, i);
  }
  return raw;
};

const name = (raw: string, max: number): string | undefined => text(untilClause(raw), max);

/**
 * A model code as printed: a lower-case o or l between two digits is OCR's 0 or 1
 * ("TC-88o0" → "TC-8800"); capitals are left alone (model codes use them as letters).
 */
export const modelCode = (raw: string): string | undefined =>
  name(raw, 500)?.replace(/(?<=\d)[ol](?=\d)/gu, (c) => (c === 'o' ? '0' : '1'));

export const text = (raw: string, max: number): string | undefined => {
  const v = cleanValue(raw);
  return v.length > 0 && v.length <= max && /[\p{L}\p{N}]/u.test(v) ? v : undefined;
};

/**
 * The report number in a raw value: the first token with a digit, cut where
 * the number ends ("XX-2025-000123）由……签发" → XX-2025-000123): a number is
 * Latin letters, digits and - / . _ only.
 */
export const reportNumberToken = (raw: string): string | undefined => {
  const text = cleanValue(raw).replace(/\s*([-/])\s*/g, '$1');
  // The first token with a digit: OCR may leave letters of a dotted leader before it.
  const token = text.split(/\s+/).find((t) => /\d/.test(t)) ?? '';
  const cut = /[A-Za-z0-9][A-Za-z0-9\-/._|]*/u.exec(token)?.[0] ?? '';
  const n = normaliseReportNumber(cut);
  return /\d/.test(n) && n.length >= 4 && n.length <= 64 ? n : undefined;
};

/** Reads a raw value into the typed value of a field; undefined when it does not fit. */
export const VALUE_READERS: { [K in LabelledField]: (raw: string) => Values[K] | undefined } = {
  reportNumber: reportNumberToken,
  issuerName: (raw) => text(raw, 200),
  productName: (raw) => name(raw, 500),
  model: modelCode,
  client: (raw) => name(raw, 500),
  manufacturer: (raw) => name(raw, 500),
  standards: (raw) => {
    const codes = parseStandards(raw);
    return codes.length > 0 ? codes : undefined;
  },
  conclusion: (raw) => {
    const c = normaliseConclusion(raw);
    return c.length > 0 ? c : undefined;
  },
  issueDate: (raw) => parseDate(raw),
  sampleReceivedDate: (raw) => parseDate(raw),
  validUntil: (raw) => parseDate(raw),
  certificateHolder: (raw) => text(raw, 500),
  certificationScope: (raw) => text(raw, 2000),
  caratWeight: (raw) => {
    const w = parseCaratWeight(raw);
    if (w !== undefined) return w;
    const bare = /^(\d{1,4}[.,]\d{1,3})$/.exec(cleanValue(raw));
    return bare?.[1] ? Number(bare[1].replace(',', '.')) : undefined;
  },
  gemIdentification: (raw) => text(raw, 500),
};

export const readValue = <K extends LabelledField>(field: K, raw: string): Values[K] | undefined =>
  (VALUE_READERS[field] as (raw: string) => Values[K] | undefined)(raw);

/** Fields whose value may run over several lines, and how many lines at most. */
const CONTINUED: Partial<Record<LabelledField, number>> = { certificationScope: 6, standards: 4, conclusion: 3 };

const acceptContinuation = (field: LabelledField) => (l: ParsedLine): boolean => {
  if (field === 'standards') return parseStandards(l.text.slice(0, 24)).length > 0;
  if (field === 'conclusion') return !/^[（(]?(?:盖章|签字|检验检测专用章|seal|stamp)/iu.test(l.text);
  return true;
};

/**
 * Reads a labelled value with its continuation lines; for conclusions, PASS/FAIL
 * from all lines or the first line's text. `lines` are the continuation lines used.
 */
export const readWithContinuation = <K extends LabelledField>(
  field: K,
  first: string,
  anchor: ParsedLine,
  page: ParsedLine[],
): { value: Values[K] | undefined; lines: ParsedLine[] } => {
  const max = CONTINUED[field];
  if (!max) return { value: readValue(field, first), lines: [] };
  const lines = continuation(anchor, page, max, acceptContinuation(field));
  const more = lines.map((l) => l.text);
  if (field === 'conclusion') {
    const all = normaliseConclusion(joinLines([first, ...more]));
    const value = (all === 'PASS' || all === 'FAIL' ? all : readValue(field, first)) as Values[K] | undefined;
    return { value, lines: all === 'PASS' || all === 'FAIL' ? lines : [] };
  }
  if (field === 'standards') {
    const codes = parseStandards([first, ...more].join(' '));
    return { value: (codes.length > 0 ? codes : undefined) as Values[K] | undefined, lines };
  }
  return { value: readValue(field, joinLines([first, ...more])), lines };
};

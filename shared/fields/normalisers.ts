/**
 * Normalisers for printed values: text, dates, conclusions, carat weights and
 * standard codes. Each takes the raw text of a value (possibly noisy OCR) and
 * returns the canonical form, or undefined when the text holds no such value.
 */
import { normaliseText } from '#shared/domain/normalise.ts';
import { toDigits } from './number-formats.ts';

const HAN = '\\p{Script=Han}';
const CJK_GAP = new RegExp(`(?<=[${HAN}\\u3000-\\u303f\\uff08\\uff09()、，。])\\s+(?=[${HAN}\\u3000-\\u303f()、，。])`, 'gu');
/** Ruling lines and table borders that OCR reads as characters. */
const RULING = /[|¦│┃┆┇┊┋┌┐└┘├┤┬┴┼─━_]+/gu;

/**
 * The text of a value: NFKC (full-width → half-width), table borders dropped,
 * spaces that OCR puts between Chinese characters removed, runs of space
 * collapsed, separators at either end trimmed.
 */
export const cleanValue = (s: string): string =>
  normaliseText(normaliseText(s).replace(RULING, ' '))
    .replace(CJK_GAP, '')
    .replace(/^[\s:;,，；：、。.…·•*>_~=-]+/u, '')
    // A speck OCR read as an apostrophe before a Chinese name ("‘惠州市…"): no Chinese name opens with one.
    .replace(/^['‘’`´]+(?=\p{Script=Han})/u, '')
    .replace(/[\s:;,，；：、·•*]+$/u, '')
    .trim();

const LEADER_JUNK = /^[a-z.,:;'"`’‘·…_~-]+$/u;
const TAIL_JUNK = /^[^\p{Lu}\p{N}\p{Script=Han}]{1,3}$/u;
const LATIN_JUNK = /^[^\p{N}\p{Script=Han}]{1,3}$/u;
/** Symbols that no printed value ends with, but OCR makes of QR codes, seals and rules. */
const SYMBOL_JUNK = /^(?=.*[<>=|[\]{}®©~^`“”«»])[^\p{Script=Han}]{1,3}$/u;

/**
 * Drops what OCR makes of marks next to a value: letters read from a dotted leader
 * before it ("....ccocvevevie 2141234567"), and short tokens read from a QR code
 * or seal after it ("天然钻石 Rs i", "Round Brilliant dss") — the latter only on
 * lines the engine is unsure of, or after a Chinese value.
 */
export const stripOcrJunk = (value: string, options: { leader?: boolean; lineConfidence?: number } = {}): string => {
  const tokens = value.split(/\s+/u).filter((t) => t.length > 0);
  if (options.leader) {
    while (tokens.length > 1 && LEADER_JUNK.test(tokens[0] ?? '')) tokens.shift();
  }
  // A leader OCR read as ".seesssesss": a value never starts with a dot.
  while (tokens.length > 1 && /^[.…·_]/u.test(tokens[0] ?? '') && LEADER_JUNK.test(tokens[0] ?? '')) tokens.shift();
  const chinese = /^\p{Script=Han}/u.test(tokens[0] ?? '');
  const unsure = (options.lineConfidence ?? 1) < 0.85;
  while (tokens.length > 1) {
    const last = tokens[tokens.length - 1] ?? '';
    if ((unsure && TAIL_JUNK.test(last)) || (chinese && LATIN_JUNK.test(last)) || SYMBOL_JUNK.test(last)) tokens.pop();
    else break;
  }
  return tokens.join(' ');
};

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

const iso = (y: number, m: number, d: number): string | undefined => {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s) ? s : undefined;
};

/** Digit look-alikes inside runs of digits ("2O25", "1l") become digits. */
const repairDigitRuns = (s: string): string =>
  s.replace(/[0-9OoIlSB]*\d[0-9OoIlSB]*/g, (run) => (/[A-Za-z]{2}/.test(run) ? run : toDigits(run)));

/** Group i of a match as a number (NaN when absent). */
const n = (m: RegExpExecArray, i: number): number => Number(m[i] ?? Number.NaN);
const month = (m: RegExpExecArray, i: number): number => MONTHS[(m[i] ?? '').toLowerCase()] ?? 0;

const DATE_PATTERNS: readonly { re: RegExp; ymd: (m: RegExpExecArray) => string | undefined }[] = [
  // 2025年3月14日
  { re: /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/u, ymd: (m) => iso(n(m, 1), n(m, 2), n(m, 3)) },
  // 2025-03-14, 2025.03.14, 2025/03/14
  { re: /(?<!\d)(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)/, ymd: (m) => iso(n(m, 1), n(m, 2), n(m, 3)) },
  // 14 March 2025, 14th Mar. 2025
  {
    re: new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?[\\s.-]*(${MONTH_NAMES})\\.?[\\s,.-]*(\\d{4})(?!\\d)`, 'i'),
    ymd: (m) => iso(n(m, 3), month(m, 2), n(m, 1)),
  },
  // March 14, 2025
  {
    re: new RegExp(`(?<![A-Za-z])(${MONTH_NAMES})\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})(?!\\d)`, 'i'),
    ymd: (m) => iso(n(m, 3), month(m, 1), n(m, 2)),
  },
  // 03/14/2025 or 14/03/2025, only when one reading is impossible
  {
    re: /(?<!\d)(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4})(?!\d)/,
    ymd: (m) => {
      const a = n(m, 1);
      const b = n(m, 2);
      const y = n(m, 3);
      if (a === b) return iso(y, a, b);
      if (a > 12 && b <= 12) return iso(y, b, a);
      if (b > 12 && a <= 12) return iso(y, a, b);
      return undefined;
    },
  },
];

/**
 * The first date in the text as YYYY-MM-DD: `2025年3月14日`, `2025.03.14`,
 * `2025-03-14`, `14 March 2025`, `March 14, 2025`, and `03/14/2025` or
 * `14/03/2025` only when day and month cannot be swapped.
 */
export const parseDate = (s: string): string | undefined => {
  const text = repairDigitRuns(normaliseText(s));
  let best: { index: number; value: string } | undefined;
  for (const { re, ymd } of DATE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const value = ymd(m);
    if (value && (best === undefined || m.index < best.index)) best = { index: m.index, value };
  }
  return best?.value;
};

export const Conclusions = { PASS: 'PASS', FAIL: 'FAIL' } as const;

const FAIL_WORDS =
  /不\s*合\s*格|不\s*符\s*合|未\s*达\s*到|判\s*定\s*为\s*不|\bfail(?:s|ed|ure)?\b|does\s+not\s+(?:comply|conform|meet|pass)|do\s+not\s+(?:comply|conform|meet)|not\s+(?:in\s+)?(?:compliance|conformity|compliant|conform)|non-?\s?(?:compliant|conforming|conformity|compliance)/iu;
const PASS_WORDS =
  /合\s*格|符\s*合|满\s*足|达\s*到|通\s*过|\bpass(?:es|ed)?\b|\bcompl(?:y|ies|ied|iant|iance)\b|\bconform(?:s|ed|ity|ing)?\b|\bmeets?\b|\bsatisf(?:y|ies|actory)\b|\bapproved\b/iu;

/**
 * The English sentences again with the spaces taken out: OCR of a low-resolution or
 * photographed page drops the spaces between words ("Thesamplecomplieswith therequirements",
 * "doesnotcomplywith"), and word boundaries then find nothing.
 */
const FAIL_SQUASHED = /doesnot(?:comply|conform|meet|pass)|donot(?:comply|conform|meet)|notin(?:compliance|conformity)|noncomplian|nonconform|^fail(?:ed)?$/iu;
/** The last alternative: the one word split by OCR ("PAs S": a capital after a small letter reads as a new word). */
const PASS_SQUASHED = /compl(?:y|ies|ied)with|(?:is|are|in)complian(?:t|ce)|conform(?:s|ed)?(?:to|with)|meets?the(?:requirements|standard)|^pass(?:ed)?$/iu;

/** 合格 / 符合 / 判定为合格 / PASS / complies / conforms → PASS; 不合格 / does not comply / FAIL → FAIL; else the printed text. */
export const normaliseConclusion = (s: string): string => {
  const text = cleanValue(s);
  if (FAIL_WORDS.test(text)) return Conclusions.FAIL;
  if (PASS_WORDS.test(text)) return Conclusions.PASS;
  const squashed = text.replace(/\s+/gu, '');
  if (FAIL_SQUASHED.test(squashed)) return Conclusions.FAIL;
  if (PASS_SQUASHED.test(squashed)) return Conclusions.PASS;
  return text;
};

/** "1.02 ct", "1.02 carat", "1.02克拉", "1,02ct" → 1.02; undefined when no weight in carats is printed. */
export const parseCaratWeight = (s: string): number | undefined => {
  const text = repairDigitRuns(normaliseText(s));
  const m = /(\d{1,4}(?:[.,]\d{1,3})?)\s*(?:ct\b|cts\b|carats?\b|克\s*拉)/iu.exec(text);
  if (!m?.[1]) return undefined;
  const n = Number(m[1].replace(',', '.'));
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

const STANDARD_PREFIXES = [
  'GB/T', 'GB/Z', 'GB', 'ISO/IEC', 'ISO/TS', 'ISO', 'IEC', 'BS EN', 'DIN EN', 'EN', 'ASTM', 'UL', 'ANSI', 'JIS', 'DIN',
  'QB/T', 'JB/T', 'SN/T', 'YY/T', 'YY', 'HJ', 'SJ/T', 'GA', 'FZ/T', 'NY/T', 'JJF', 'JJG', 'CNAS-CL', 'IEEE', 'SAE', 'AS/NZS', 'CSA',
] as const;
const PREFIX_SOURCE = STANDARD_PREFIXES.map((p) =>
  p.replace(/[/]/g, '\\s*/\\s*').replace(/ /g, '\\s*').replace(/-/g, '\\s*-\\s*'),
).join('|');
/**
 * A standard code: prefix, optional letter (ASTM F963), number with parts
 * (2828.1, 60335-2-15) and an optional year after '-' or ':'.
 */
const STANDARD = new RegExp(
  `(?<![A-Za-z])(${PREFIX_SOURCE})\\s*([A-Z]?\\s?[0-9OoIl]{1,6}(?:\\s?[.][0-9OoIl]{1,4})*(?:\\s?[-–—]\\s?[0-9OoIl]{1,4})*(?:\\s?[:：]\\s?[0-9OoIl]{4})?)(?![0-9])`,
  'gu',
);

/** One standard code in canonical spacing: "GB/T 2828.1-2012", "ISO 9001:2015", "ASTM F963-17". */
const canonicalStandard = (prefix: string, body: string): string => {
  const p = prefix.replace(/\s+/g, '').replace('BSEN', 'BS EN').replace('DINEN', 'DIN EN').toUpperCase();
  const b = body.replace(/\s+/g, '').replace(/[–—]/g, '-').replace('：', ':');
  const letter = /^[A-Z]/.test(b) ? b.slice(0, 1) : '';
  return `${p} ${letter}${toDigits(b.slice(letter.length))}`;
};

/** Every standard code in the text, in order, without repeats. */
export const parseStandards = (s: string): string[] => {
  // OCR reads ISO as 1SO, lSO or IS0.
  const text = normaliseText(s)
    .replace(/[—–]/g, '-')
    .replace(/(?<![A-Za-z])[I1l|]S[O0](?=\s*\/?\s*(?:IEC|TS)?\s*[0-9OoIl]{3})/gu, 'ISO');
  const out: string[] = [];
  for (const m of text.matchAll(STANDARD)) {
    if ((m[2] ?? '').replace(/\D/g, '').length < 2) continue;
    const code = canonicalStandard(m[1] ?? '', m[2] ?? '');
    if (!out.includes(code)) out.push(code);
  }
  return out;
};

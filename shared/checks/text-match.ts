/**
 * Pure string helpers the checks share: edit distance, look-alike folding and
 * a fuzzy product-name similarity. They build on shared/domain/normalise.ts.
 */
import { foldName, normaliseText } from '#shared/domain/normalise.ts';

/** Optimal-string-alignment distance (Levenshtein plus adjacent transposition) over code points. */
export const editDistance = (a: string, b: string): number => {
  const x = Array.from(a);
  const y = Array.from(b);
  const rows: number[][] = [];
  for (let i = 0; i <= x.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= y.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[x.length]?.[y.length] ?? 0;
};

/**
 * Characters that look alike in print or that OCR confuses, each mapped to
 * one representative. Used to spot impersonated names (Cyrillic "а" for
 * Latin "a", 0 for o, 侧 for 测) and to forgive OCR misreads. Applied to
 * lower-cased text. Curated, not exhaustive.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic → Latin
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'l', ї: 'l', ј: 'j', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  // Greek → Latin
  α: 'a', β: 'b', ε: 'e', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  // Latin and digits that print alike
  '0': 'o', '1': 'l', i: 'l', '|': 'l', '5': 's', '8': 'b', '2': 'z',
  // CJK characters that print or OCR alike
  侧: '测', 恻: '测', 捡: '检', 俭: '检', 睑: '检', 硷: '检', 险: '验', 毕: '华', 枝: '技', 伎: '技',
  己: '已', 巳: '已', 末: '未', 曰: '日', 入: '人', 士: '土', 戌: '戊', 戍: '戊', 汨: '汩',
};

/** Multi-letter look-alikes, applied before the per-character table. */
const LOOK_ALIKE_SEQUENCES: ReadonlyArray<readonly [RegExp, string]> = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];

/** The look-alike skeleton of a string: case-folded, every confusable replaced by its representative. */
export const skeleton = (s: string): string => {
  let out = normaliseText(s).toLowerCase();
  for (const [re, to] of LOOK_ALIKE_SEQUENCES) out = out.replace(re, to);
  return Array.from(out, (ch) => LOOK_ALIKES[ch] ?? ch).join('');
};

// --- product names -------------------------------------------------------

const STOPWORDS = new Set(['the', 'and', 'for', 'with', 'of', 'a', 'an', 'in', 'to', 'or', 'by']);

interface Tokens {
  latin: Set<string>;
  cjk: Set<string>;
  cjkText: string;
}

/** Latin/digit words and CJK character bigrams (a lone CJK character counts as itself). */
const productTokens = (s: string): Tokens => {
  const text = normaliseText(s).toLowerCase();
  const latin = new Set((text.match(/[a-z0-9]+(?:[.-][a-z0-9]+)*/g) ?? []).filter((w) => !STOPWORDS.has(w)));
  const runs = text.match(/\p{Script=Han}+/gu) ?? [];
  const cjk = new Set<string>();
  for (const run of runs) {
    const chars = Array.from(run);
    if (chars.length === 1) cjk.add(run);
    for (let i = 0; i + 1 < chars.length; i++) cjk.add(`${chars[i]}${chars[i + 1]}`);
  }
  return { latin, cjk, cjkText: runs.join('') };
};

export const ProductMatch = {
  SAME: 'SAME',
  PARTIAL: 'PARTIAL',
  DIFFERENT: 'DIFFERENT',
  NOT_COMPARABLE: 'NOT_COMPARABLE',
} as const;
export type ProductMatch = (typeof ProductMatch)[keyof typeof ProductMatch];

/** Overlap at or above this share of the shorter name's tokens counts as the same product. */
export const SAME_PRODUCT_THRESHOLD = 0.5;

const overlap = (a: Set<string>, b: Set<string>): number => {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / Math.min(a.size, b.size);
};

/**
 * Fuzzy comparison of two product descriptions, made so that wording never
 * fails a listing:
 * - the score is the overlap coefficient of tokens in a script both share
 *   (Latin words, CJK bigrams), the best script wins; one CJK name contained
 *   in the other scores 1;
 * - SAME at score ≥ 0.5;
 * - DIFFERENT only when nothing at all is shared and both sides have at least
 *   two tokens in a shared script (so "T恤" vs "衬衫" is PARTIAL, not DIFFERENT);
 * - NOT_COMPARABLE when they share no script (e.g. English vs Chinese);
 * - PARTIAL otherwise.
 */
export const compareProducts = (a: string, b: string): { match: ProductMatch; score: number } => {
  const x = productTokens(a);
  const y = productTokens(b);
  const latinComparable = x.latin.size > 0 && y.latin.size > 0;
  const cjkComparable = x.cjk.size > 0 && y.cjk.size > 0;
  if (!latinComparable && !cjkComparable) {
    if (foldName(a) !== '' && foldName(a) === foldName(b)) return { match: ProductMatch.SAME, score: 1 };
    return { match: ProductMatch.NOT_COMPARABLE, score: 0 };
  }
  const contained = cjkComparable && (x.cjkText.includes(y.cjkText) || y.cjkText.includes(x.cjkText));
  const score = contained ? 1 : Math.max(latinComparable ? overlap(x.latin, y.latin) : 0, cjkComparable ? overlap(x.cjk, y.cjk) : 0);
  const rounded = Math.round(score * 100) / 100;
  if (score >= SAME_PRODUCT_THRESHOLD) return { match: ProductMatch.SAME, score: rounded };
  if (score > 0) return { match: ProductMatch.PARTIAL, score: rounded };
  const enough =
    (latinComparable && x.latin.size >= 2 && y.latin.size >= 2) || (cjkComparable && x.cjk.size >= 2 && y.cjk.size >= 2);
  return { match: enough ? ProductMatch.DIFFERENT : ProductMatch.PARTIAL, score: 0 };
};

/** Today's date (UTC) as YYYY-MM-DD. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Adds whole days to a YYYY-MM-DD date. */
export const addDays = (day: string, days: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
};

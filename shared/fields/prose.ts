/**
 * Fields written as sentences, in English and Chinese:
 * - "This report was issued to <client> for the sample <product>, model
 *   <model>, manufactured by <manufacturer>."
 * - "受<client>委托，对其送检的<product>（型号：…）进行检验", "由<manufacturer>生产",
 *   "于2025年7月2日签发".
 * The lines of a page are joined first, so a sentence wrapped over lines reads whole. The
 * spaces between the words of a phrase are optional: OCR of a photo drops some
 * ("issuedto", "for thesample", "manufacturedby", "Ltd.for").
 */
import { findLabels, type LabelledField } from './labels.ts';
import type { Collector} from './collector.ts';
import { at, MatchMethods } from './collector.ts';
import type { ParsedLine } from './lines.ts';
import { cleanValue, parseDate } from './normalisers.ts';
import { readValue } from './values.ts';

/** Phrases after which a field's value starts (registry-guided confirmation uses them too). */
export const PHRASE_OPENERS: Partial<Record<LabelledField, readonly RegExp[]>> = {
  client: [/(?:issued\s*to|prepared\s*for|at\s*the\s*request\s*of|on\s*behalf\s*of)\s*/iu, /受(?!检)/u],
  productName: [/for\s*the\s*samples?(?:\s*of\s)?\s*/iu, /对(?:其|该单位)?(?:送检|委托检验|提供)?的/u],
  model: [/\bmodel(?:\s+no\.?)?\s+/u],
  manufacturer: [/manufactured\s*by\s*/iu, /由(?=[^由于]{2,60}?(?:生产|制造))/u],
};

/** A name ends at its legal form; a form ending in a full stop ends it even where OCR dropped the space after it ("Ltd.for"). */
const ORG_END = /^(.+?(?:(?:Co\.,?\s*Ltd|Ltd|Inc|Corp)\.|(?:Co\.,?\s*Ltd|LLC|GmbH|Limited|Company|Corporation|Factory|Laboratory)(?![\p{L}])))/u;

/** A name in an English sentence: up to its legal form, else up to the next comma or full stop. */
const takeName = (rest: string): string => ORG_END.exec(rest)?.[1] ?? rest.split(/[,;]|\.(?:\s|$)/u)[0] ?? '';

interface Rule {
  field: LabelledField;
  re: RegExp;
  /** The value from the text after the phrase (English), or capture group 1 (Chinese). */
  take?: (rest: string) => string;
}

const RULES: readonly Rule[] = [
  { field: 'client', re: /(?:issued\s*to|prepared\s*for|at\s*the\s*request\s*of|on\s*behalf\s*of)\s*/iu, take: takeName },
  { field: 'productName', re: /for\s*the\s*samples?(?:\s*of\s)?\s*/iu, take: (r) => r.split(/,|\s+model\b|\s*manufactured\b|\.(?:\s|$)/u)[0] ?? '' },
  { field: 'model', re: /,\s*model(?:\s+no\.?)?\s+/u, take: (r) => (r.split(/,|\s*manufactured\b|\.(?:\s|$)/u)[0] ?? '').slice(0, 60) },
  { field: 'manufacturer', re: /manufactured\s*by\s*/iu, take: takeName },
  { field: 'client', re: /受(?!检)([^，。；：:受]{2,60}?)委托/u },
  { field: 'productName', re: /对(?:其|该单位)?(?:送检|委托检验|提供)?的([^，。；：:（(]{1,40}?)(?:[（(]|进行)/u },
  { field: 'manufacturer', re: /由([^，。；：:由于]{2,60}?)(?:生产|制造)/u },
  { field: 'issueDate', re: /于\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:签发|出具|批准)/u },
  { field: 'sampleReceivedDate', re: /于\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:收样|接样|到样|送样)/u },
  { field: 'sampleReceivedDate', re: /(?:was|were)\s*received\s*on\s*/iu, take: (r) => r.slice(0, 40) },
];

/** The lines of a page joined into one text, with the offset each line starts at. */
const joinPage = (page: ParsedLine[]): { text: string; starts: number[] } => {
  let text = '';
  const starts: number[] = [];
  for (const l of page) {
    if (text !== '' && !(/\p{Script=Han}$/u.test(text) && /^\p{Script=Han}/u.test(l.text))) text += ' ';
    starts.push(text.length);
    text += l.text;
  }
  return { text, starts };
};

const linesIn = (page: ParsedLine[], starts: number[], from: number, to: number): ParsedLine[] =>
  page.filter((l, i) => {
    const s = starts[i] ?? 0;
    return s < to && s + l.text.length > from;
  });

/** Fields from sentences. A value that holds a label or a colon is a table row, not prose. */
export const proseFields = (pages: ParsedLine[][], out: Collector): void => {
  for (const page of pages) {
    const { text, starts } = joinPage(page);
    for (const rule of RULES) {
      const g = new RegExp(rule.re.source, `${rule.re.flags}g`);
      for (const m of text.matchAll(g)) {
        const begin = (m.index ?? 0) + (rule.take ? m[0].length : m[0].indexOf(m[1] ?? '') );
        const raw = rule.take ? rule.take(text.slice(begin)) : (m[1] ?? '');
        const value = cleanValue(raw);
        if (value === '' || /[:：]/u.test(value) || findLabels(value).some((x) => x.field !== rule.field)) continue;
        const lines = linesIn(page, starts, begin, begin + raw.length);
        const typed = rule.field === 'issueDate' || rule.field === 'sampleReceivedDate' ? parseDate(value) : readValue(rule.field, value);
        const confidence = Math.min(...lines.map((l) => l.confidence), 1) * MatchMethods.PATTERN;
        out.add(rule.field, typed as never, confidence, at(lines));
      }
    }
  }
};

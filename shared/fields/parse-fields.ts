/**
 * Turns the lines of a document (any text engine) into the named fields of
 * API.md, "Extracted field names". Works on "label: value" lines, on tables
 * (label and value in cells side by side, told apart by the line boxes), on
 * values printed on the line below their label, and on the key–value pairs
 * an engine may supply. Every field carries a confidence and its page and line.
 */
import { normaliseText } from '#shared/domain/normalise.ts';
import type { AccreditationScheme } from '#shared/domain/issuer.ts';
import type { DocumentType } from '#shared/domain/report.ts';
import type { ExtractedField, ExtractedFields } from '#shared/domain/verification.ts';
import type { Box, TextResult } from '#shared/text/types.ts';
import { fieldOfKey, findLabels, type LabelMatch, type LabelledField } from './labels.ts';
import { cleanValue, normaliseConclusion, parseCaratWeight, parseDate, parseStandards, stripOcrJunk } from './normalisers.ts';
import { normaliseCmaNumber, normaliseCnasNumber, normaliseCncaNumber, normaliseReportNumber } from './number-formats.ts';

/** How a value was found; each method caps the confidence. */
export const MatchMethods = {
  KEY_VALUE: 0.96,
  INLINE_COLON: 0.97,
  INLINE: 0.9,
  RIGHT_CELL: 0.93,
  BELOW: 0.86,
  PATTERN: 0.8,
  HEADER: 0.72,
  SCAN: 0.7,
} as const;
export type MatchMethod = keyof typeof MatchMethods;

/** Generic labels ("Date", "Product") are less sure than specific ones ("Date of Issue"). */
const STRICT_LABEL_FACTOR = 0.92;

interface ParsedLine {
  page: number;
  /** 1-based within the page */
  line: number;
  text: string;
  confidence: number;
  box: Box;
  labels: LabelMatch[];
}

interface Candidate<T> {
  value: T;
  confidence: number;
  page: number;
  line?: number;
  order: number;
}

type Values = { [K in keyof ExtractedFields]-?: NonNullable<ExtractedFields[K]>['value'] };

const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);
const round = (n: number): number => Math.round(n * 1000) / 1000;
const hasBox = (b: Box): boolean => b.width > 0 && b.height > 0;

/** Reads a raw value into the typed value of a field; undefined when it does not fit. */
const VALUE_READERS: { [K in LabelledField]: (raw: string) => Values[K] | undefined } = {
  reportNumber: (raw) => {
    const text = cleanValue(raw).replace(/\s*([-/])\s*/g, '$1');
    // The first token with a digit: OCR may leave letters of a dotted leader before it.
    const token = text.split(/\s+/).find((t) => /\d/.test(t)) ?? '';
    const n = normaliseReportNumber(token);
    return /\d/.test(n) && n.length >= 4 && n.length <= 64 ? n : undefined;
  },
  issuerName: (raw) => text(raw, 200),
  productName: (raw) => text(raw, 500),
  model: (raw) => text(raw, 500),
  client: (raw) => text(raw, 500),
  manufacturer: (raw) => text(raw, 500),
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

function text(raw: string, max: number): string | undefined {
  const v = cleanValue(raw);
  return v.length > 0 && v.length <= max && /[\p{L}\p{N}]/u.test(v) ? v : undefined;
}

/** Fields whose value may run over several lines, and how many lines at most. */
const CONTINUED: Partial<Record<LabelledField, number>> = { certificationScope: 6, standards: 4, conclusion: 3 };

class Collector {
  private readonly candidates = new Map<keyof Values, Candidate<unknown>[]>();
  private order = 0;

  add<K extends keyof Values>(field: K, value: Values[K] | undefined, confidence: number, page: number, line?: number): void {
    if (value === undefined) return;
    const list = this.candidates.get(field) ?? [];
    list.push({ value, confidence: clamp01(confidence), page, line, order: this.order++ });
    this.candidates.set(field, list);
  }

  has(field: keyof Values): boolean {
    return (this.candidates.get(field)?.length ?? 0) > 0;
  }

  /** The most confident candidate; others that agree with it raise its confidence a little. */
  best<K extends keyof Values>(field: K): ExtractedField<Values[K]> | undefined {
    const list = this.candidates.get(field);
    const top = [...(list ?? [])].sort((a, b) => b.confidence - a.confidence || a.order - b.order)[0];
    if (!list || !top) return undefined;
    const key = JSON.stringify(top.value);
    const agreeing = list.filter((c) => c !== top && JSON.stringify(c.value) === key).length;
    let confidence = top.confidence;
    for (let i = 0; i < agreeing; i++) confidence += (1 - confidence) * 0.2;
    return {
      value: top.value as Values[K],
      confidence: round(clamp01(confidence)),
      source: top.line === undefined ? { page: top.page } : { page: top.page, line: top.line },
    };
  }
}

const prepareLines = (text: TextResult): ParsedLine[][] =>
  text.pages.map((page) =>
    page.lines.map((l, i) => {
      const t = normaliseText(l.text);
      const confidence = Number.isFinite(l.confidence) ? clamp01(l.confidence) : 0.5;
      // An issuer label after other text, with no colon, is part of a name ("Acme Testing Laboratory CNAS").
      const labels = findLabels(t).filter(
        (m) => !(m.field === 'issuerName' && !m.hasColon && cleanValue(t.slice(0, m.start)).length > 0),
      );
      return { page: page.pageNumber, line: i + 1, text: t, confidence, box: l.box, labels };
    }),
  );

/** Text of a line from `from` up to its next label. */
const segmentFrom = (line: ParsedLine, from: number): string => {
  const next = line.labels.find((m) => m.start >= from);
  return line.text.slice(from, next ? next.start : undefined);
};

const startsWithLabel = (line: ParsedLine): boolean => {
  const first = line.labels[0];
  return first !== undefined && cleanValue(line.text.slice(0, first.start)).length === 0;
};

/** The cell to the right of a line, on the same row. */
const rightOf = (line: ParsedLine, page: ParsedLine[]): ParsedLine | undefined => {
  if (!hasBox(line.box)) return undefined;
  const { top, height, left, width } = line.box;
  const mid = top + height / 2;
  return page
    .filter((o) => o !== line && hasBox(o.box))
    .filter((o) => {
      const oMid = o.box.top + o.box.height / 2;
      return Math.abs(oMid - mid) < Math.max(height, o.box.height) * 0.6 && o.box.left >= left + width - 0.01;
    })
    .sort((a, b) => a.box.left - b.box.left)[0];
};

/** The line just below a line (the value printed under its label). */
const below = (line: ParsedLine, page: ParsedLine[]): ParsedLine | undefined => {
  if (!hasBox(line.box)) {
    return page.find((o) => o.line === line.line + 1);
  }
  const { top, height, left, width } = line.box;
  return page
    .filter((o) => o !== line && hasBox(o.box))
    .filter((o) => {
      const overlaps = o.box.left < left + Math.max(width, 0.3) && o.box.left + o.box.width > left - 0.02;
      return overlaps && o.box.top > top + height * 0.6 && o.box.top < top + height * 3.2;
    })
    .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)[0];
};

/** Lines that continue a value (wrapped scope, a list of standards), up to `max`. */
const continuation = (line: ParsedLine, page: ParsedLine[], max: number, accept: (l: ParsedLine) => boolean): ParsedLine[] => {
  const out: ParsedLine[] = [];
  let current = line;
  while (out.length < max) {
    const next = below(current, page);
    if (!next || next.labels.length > 0 || !accept(next)) break;
    if (hasBox(next.box) && hasBox(current.box)) {
      const gap = next.box.top - (current.box.top + current.box.height);
      if (gap > current.box.height * 1.6) break;
      const ratio = next.box.height / current.box.height;
      if (ratio > 1.7 || ratio < 0.55) break;
    }
    out.push(next);
    current = next;
  }
  return out;
};

const joinLines = (parts: string[]): string =>
  parts.reduce((acc, p) => {
    const a = cleanValue(acc);
    const b = cleanValue(p);
    if (a.length === 0) return b;
    const cjkJoin = /[\p{Script=Han}，、]$/u.test(a) && /^[\p{Script=Han}（(]/u.test(b);
    return cjkJoin ? a + b : `${a} ${b}`;
  }, '');

const acceptContinuation = (field: LabelledField) => (l: ParsedLine): boolean => {
  if (field === 'standards') return parseStandards(l.text.slice(0, 24)).length > 0;
  if (field === 'conclusion') return !/^[（(]?(?:盖章|签字|检验检测专用章|seal|stamp)/iu.test(l.text);
  return true;
};

/** Reads a labelled value with its continuation lines; for conclusions, PASS/FAIL from all lines or the first line's text. */
const readWithContinuation = <K extends LabelledField>(
  field: K,
  first: string,
  anchor: ParsedLine,
  page: ParsedLine[],
): Values[K] | undefined => {
  const max = CONTINUED[field];
  const reader = VALUE_READERS[field] as (raw: string) => Values[K] | undefined;
  if (!max) return reader(first);
  const more = continuation(anchor, page, max, acceptContinuation(field)).map((l) => l.text);
  if (field === 'conclusion') {
    const all = normaliseConclusion(joinLines([first, ...more]));
    return (all === 'PASS' || all === 'FAIL' ? all : reader(first)) as Values[K] | undefined;
  }
  if (field === 'standards') {
    const codes = parseStandards([first, ...more].join(' '));
    return (codes.length > 0 ? codes : undefined) as Values[K] | undefined;
  }
  return reader(joinLines([first, ...more]));
};

const labelledFields = (pages: ParsedLine[][], out: Collector): void => {
  for (const page of pages) {
    for (const line of page) {
      line.labels.forEach((m, i) => {
        if (m.field === null) return;
        const field = m.field;
        const next = line.labels[i + 1];
        const inline = stripOcrJunk(line.text.slice(m.end, next ? next.start : undefined), {
          leader: m.leader,
          lineConfidence: line.confidence,
        });
        const strict = m.strict ? STRICT_LABEL_FACTOR : 1;
        // "报告编号 Report No.: X": two labels of one field; the second one reads the value.
        if (next && next.field === field && cleanValue(inline).length === 0) return;
        if (cleanValue(inline).length > 0) {
          const method: MatchMethod = m.hasColon ? 'INLINE_COLON' : 'INLINE';
          const value = readWithContinuation(field, inline, line, page);
          out.add(field, value, line.confidence * MatchMethods[method] * strict, line.page, line.line);
          if (value !== undefined) return;
        }
        // A label with nothing after it reads the cell to its right; the line below only if the label starts its line.
        if (next) return;
        const startsLine = cleanValue(line.text.slice(0, m.start)).length === 0;
        const right = rightOf(line, page);
        if (right && !startsWithLabel(right)) {
          const value = readWithContinuation(field, stripOcrJunk(segmentFrom(right, 0), { lineConfidence: right.confidence }), right, page);
          if (value !== undefined) {
            out.add(field, value, right.confidence * MatchMethods.RIGHT_CELL * strict, right.page, right.line);
            return;
          }
        }
        const under = startsLine ? below(line, page) : undefined;
        if (under && !startsWithLabel(under) && (!right || startsWithLabel(right) || !hasBox(line.box))) {
          const value = readWithContinuation(field, stripOcrJunk(segmentFrom(under, 0), { lineConfidence: under.confidence }), under, page);
          out.add(field, value, under.confidence * MatchMethods.BELOW * strict, under.page, under.line);
        }
      });
    }
  }
};

const keyValueFields = (text: TextResult, pages: ParsedLine[][], out: Collector): void => {
  for (const kv of text.keyValues) {
    const field = fieldOfKey(normaliseText(kv.key));
    if (!field) continue;
    const reader = VALUE_READERS[field] as (raw: string) => unknown;
    const value = reader(kv.value);
    if (value === undefined) continue;
    const valueText = normaliseText(kv.value);
    const at = pages.flat().find((l) => l.page === kv.pageNumber && valueText.length > 0 && l.text.includes(valueText));
    out.add(field, value as never, clamp01(kv.confidence) * MatchMethods.KEY_VALUE, kv.pageNumber, at?.line);
  }
};

const DOCUMENT_TYPE_RULES: readonly { type: DocumentType; re: RegExp }[] = [
  {
    type: 'GEM_REPORT',
    re: /\bgem(?:ological|stones?|s)?\b|\bdiamond\s+(?:grading|dossier|report)|珠\s*宝|玉\s*石|钻\s*石\s*分\s*级|宝\s*石|翡\s*翠/iu,
  },
  { type: 'INSPECTION_REPORT', re: /检\s*验\s*检\s*测\s*报\s*告|检\s*[验测]\s*报\s*告|测\s*试\s*报\s*告|(?:test|testing|inspection|analysis)\s+report/iu },
  {
    type: 'CERTIFICATE',
    re: /证\s*书|认\s*证|certificate|certification|this\s+is\s+to\s+certify|management\s+system/iu,
  },
  { type: 'GEM_REPORT', re: /\bcarats?\b|克\s*拉|\bdiamond\b|钻\s*石/iu },
];

/** Without a readable title: the labels printed tell the kind of document. */
const KIND_BY_LABELS: readonly { type: DocumentType; fields: readonly LabelledField[] }[] = [
  { type: 'GEM_REPORT', fields: ['caratWeight', 'gemIdentification'] },
  { type: 'CERTIFICATE', fields: ['certificationScope', 'certificateHolder', 'validUntil'] },
  { type: 'INSPECTION_REPORT', fields: ['productName', 'sampleReceivedDate', 'conclusion', 'client', 'manufacturer'] },
];

const documentTypeByLabels = (pages: ParsedLine[][], out: Collector): void => {
  if (out.has('documentType')) return;
  const lines = pages.flat();
  for (const rule of KIND_BY_LABELS) {
    const hits = lines.filter((l) => l.labels.some((m) => m.field !== null && rule.fields.includes(m.field)));
    const first = hits[0];
    if (first) {
      out.add('documentType', rule.type, first.confidence * MatchMethods.SCAN, first.page, first.line);
      return;
    }
  }
};

const documentType = (pages: ParsedLine[][], out: Collector): void => {
  const first = pages[0] ?? [];
  const byTop = hasBox(first[0]?.box ?? { left: 0, top: 0, width: 0, height: 0 })
    ? [...first].sort((a, b) => a.box.top - b.box.top)
    : first;
  const head = byTop.slice(0, 10);
  for (const scope of [head, pages.flat()]) {
    for (const rule of DOCUMENT_TYPE_RULES) {
      const hit = scope.find((l) => rule.re.test(l.text));
      if (hit) {
        out.add('documentType', rule.type, hit.confidence * (scope === head ? 0.95 : 0.8), hit.page, hit.line);
        return;
      }
    }
  }
};

const CNAS = /CNAS\s*(?:No\.?|注册号|编号)?\s*[:：]?\s*([LlCcIi1|]\s*-?\s*[0-9OoIlSB]{3,4}(?:\s*-\s*[A-Za-z])?)(?![0-9A-Za-z])/gu;
const CMA_MARK = /(?<![A-Za-z])CMA(?![A-Za-z])|资\s*质\s*认\s*定|计\s*量\s*认\s*证/u;
const TWELVE = /(?<![0-9A-Za-z])([0-9OoIlSB](?:\s?[0-9OoIlSB]){11})(?![0-9A-Za-z])/gu;

const accreditations = (pages: ParsedLine[][], out: Collector): void => {
  const found: { scheme: AccreditationScheme; number: string; confidence: number; page: number; line: number; at: number }[] = [];
  const push = (scheme: AccreditationScheme, number: string | undefined, raw: string, l: ParsedLine, factor: number, at = 0) => {
    if (!number || found.some((f) => f.scheme === scheme && f.number === number)) return;
    const repaired = raw.replace(/\s+/g, '') !== number ? 0.95 : 1;
    found.push({ scheme, number, confidence: l.confidence * factor * repaired, page: l.page, line: l.line, at });
  };
  for (const page of pages) {
    for (const l of page) {
      for (const m of l.text.matchAll(CNAS)) push('CNAS', normaliseCnasNumber(m[1] ?? ''), m[1] ?? '', l, 0.97, m.index);
      const cnca = normaliseCncaNumber(l.text);
      if (cnca) push('CNCA', cnca, cnca, l, 0.97, l.text.indexOf('CNCA'));
      if (CMA_MARK.test(l.text)) {
        const next = below(l, page);
        const near = [l, next, next ? below(next, page) : undefined];
        for (const cand of near) {
          if (!cand) continue;
          for (const m of cand.text.matchAll(TWELVE)) {
            const raw = m[1] ?? '';
            if (raw.replace(/\D/g, '').length < 9) continue;
            push('CMA', normaliseCmaNumber(raw), raw, cand, cand === l ? 0.96 : 0.9, m.index);
          }
        }
      }
    }
  }
  // The CMA number printed under its mark may be read on a line of its own, away from the mark.
  for (const page of pages) {
    if (!page.some((l) => CMA_MARK.test(l.text))) continue;
    for (const l of page) {
      if (l.labels.length > 0 || (hasBox(l.box) && l.box.top > 0.2)) continue;
      for (const m of l.text.matchAll(TWELVE)) {
        const raw = m[1] ?? '';
        if (raw.replace(/\D/g, '').length >= 10) push('CMA', normaliseCmaNumber(raw), raw, l, 0.85, m.index);
      }
    }
  }
  // In reading order, as printed.
  found.sort((a, b) => a.page - b.page || a.line - b.line || a.at - b.at);
  const first = found[0];
  if (!first) return;
  const confidence = Math.min(...found.map((f) => f.confidence));
  out.add(
    'accreditationNumbers',
    found.map(({ scheme, number }) => ({ scheme, number })),
    confidence,
    first.page,
    first.line,
  );
};

const ORG_NAME =
  /(?:有限责任公司|有限公司|公司|中心|研究院|研究所|检测站|检验所|实验室|鉴定站|Co\.?,?\s*Ltd\.?|Ltd\.?|Limited|Inc\.?|GmbH|LLC|Laborator(?:y|ies)|Institute|Cent(?:er|re)|Certification(?:\s+\w+)?|Services?|Testing|Registrar)\s*$/iu;
const MARKS_AFTER = /(?:\s+(?:CNAS|CMA|ILAC(?:-MRA)?|IAF|MRA|CNCA)\b.*)$/u;
const NOT_ISSUER = /报\s*告|证\s*书|report|certificate|certify|client|applicant|manufacturer|委\s*托|生\s*产|获\s*证/iu;

/** The issuing body's name printed as a letterhead: the first organisation-like line at the top of page 1. */
const letterhead = (pages: ParsedLine[][], out: Collector): void => {
  const first = pages[0] ?? [];
  const boxed = first.some((l) => hasBox(l.box));
  const head = boxed ? [...first].filter((l) => l.box.top < 0.25).sort((a, b) => a.box.top - b.box.top) : first.slice(0, 8);
  for (const l of head) {
    if (startsWithLabel(l) || NOT_ISSUER.test(l.text)) continue;
    // Accreditation marks printed beside the letterhead end up on its line.
    const v = cleanValue(l.text.replace(MARKS_AFTER, ''));
    if (v.length >= 4 && v.length <= 120 && ORG_NAME.test(v)) {
      out.add('issuerName', v, l.confidence * MatchMethods.HEADER, l.page, l.line);
      return;
    }
  }
};

const CERTIFY = /(?:this\s+is\s+to\s+certify\s+that|this\s+certifies\s+that|兹\s*证\s*明|特\s*此\s*证\s*明)(?:\s*the\s+(?:quality\s+|environmental\s+)?management\s+system\s+of)?\s*[:：,，]?\s*(.*)$/iu;
/** The sentence after the holder's name ("… has been assessed", "建立的质量管理体系符合…"). */
const AFTER_HOLDER = /^(?:has\s+been\s+assessed|建\s*立\s*的|的?\s*质\s*量\s*管\s*理\s*体\s*系\s*符\s*合)/iu;
const SCOPE_PHRASE = /(?:for|with|in)\s+the\s+following\s+(?:scope|activities|products|field)(?:\s+of\s+\w+)?\s*[:：]?\s*(.*)$/iu;

/** Certificate wording: the holder after "This is to certify that", the scope after "for the following scope". */
const certificatePhrases = (pages: ParsedLine[][], out: Collector): void => {
  for (const page of pages) {
    for (const l of page) {
      const holder = CERTIFY.exec(l.text);
      if (holder) {
        const rest = cleanValue(holder[1] ?? '');
        if (rest.length > 0 && !/^(?:the|本|该)/iu.test(rest)) {
          out.add('certificateHolder', text(rest, 500), l.confidence * MatchMethods.PATTERN, l.page, l.line);
        } else {
          const next = below(l, page);
          if (next && next.labels.length === 0) {
            out.add('certificateHolder', text(next.text, 500), next.confidence * MatchMethods.PATTERN, next.page, next.line);
          }
        }
      }
      if (AFTER_HOLDER.test(l.text)) {
        // The holder is the organisation-like line just above (an address may sit between).
        const above = page
          .filter((o) => o.line < l.line && o.line >= l.line - 3 && o.labels.length === 0)
          .reverse()
          .find((o) => ORG_NAME.test(cleanValue(o.text)));
        if (above) out.add('certificateHolder', text(above.text, 500), above.confidence * MatchMethods.PATTERN * 0.95, above.page, above.line);
      }
      const scope = SCOPE_PHRASE.exec(l.text);
      if (scope) {
        const rest = cleanValue(scope[1] ?? '');
        const anchor = rest.length > 0 ? l : below(l, page);
        if (anchor && (rest.length > 0 || anchor.labels.length === 0)) {
          const value = readWithContinuation('certificationScope', rest.length > 0 ? rest : anchor.text, anchor, page);
          out.add('certificationScope', value, anchor.confidence * MatchMethods.PATTERN, anchor.page, anchor.line);
        }
      }
    }
  }
};

/** Values that a document may print without a label: standard codes anywhere, a weight in carats. */
const unlabelled = (pages: ParsedLine[][], out: Collector): void => {
  if (!out.has('standards')) {
    const codes: string[] = [];
    let at: ParsedLine | undefined;
    for (const l of pages.flat()) {
      for (const c of parseStandards(l.text)) {
        if (!codes.includes(c)) codes.push(c);
        at ??= l;
      }
    }
    if (at && codes.length > 0) out.add('standards', codes, at.confidence * MatchMethods.SCAN, at.page, at.line);
  }
  if (!out.has('issueDate')) {
    // One date on the whole document, under a label OCR could not read ("DALE …… March 14, 2025"), is the issue date.
    const taken = new Set([out.best('sampleReceivedDate')?.value, out.best('validUntil')?.value]);
    const dated = pages.flat().flatMap((l) => {
      const d = parseDate(l.text);
      return d && !taken.has(d) && !/初次|initial|original|收样|接样|received|valid|有效/iu.test(l.text) ? [{ d, l }] : [];
    });
    const distinct = new Set(dated.map((x) => x.d));
    const only = dated[0];
    if (only && distinct.size === 1) out.add('issueDate', only.d, only.l.confidence * MatchMethods.SCAN * 0.9, only.l.page, only.l.line);
  }
  if (!out.has('caratWeight')) {
    const l = pages.flat().find((x) => parseCaratWeight(x.text) !== undefined);
    if (l) out.add('caratWeight', parseCaratWeight(l.text), l.confidence * MatchMethods.SCAN, l.page, l.line);
  }
};

/**
 * Parses the fields named in API.md out of the text of one document.
 * Absent fields are left out; nothing here throws on odd input.
 */
export const parseFields = (text: TextResult): ExtractedFields => {
  const pages = prepareLines(text);
  const out = new Collector();
  documentType(pages, out);
  documentTypeByLabels(pages, out);
  keyValueFields(text, pages, out);
  labelledFields(pages, out);
  certificatePhrases(pages, out);
  letterhead(pages, out);
  accreditations(pages, out);
  unlabelled(pages, out);
  const fields: ExtractedFields = {};
  const names: (keyof Values)[] = [
    'documentType', 'reportNumber', 'issuerName', 'accreditationNumbers', 'productName', 'model', 'client',
    'manufacturer', 'standards', 'conclusion', 'issueDate', 'sampleReceivedDate', 'validUntil', 'certificateHolder',
    'certificationScope', 'caratWeight', 'gemIdentification',
  ];
  for (const name of names) {
    const best = out.best(name);
    if (best) (fields as Record<string, unknown>)[name] = best;
  }
  return fields;
};

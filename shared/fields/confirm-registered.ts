/**
 * Registry-guided confirmation: is the registered value of a field printed at
 * the place the field was read from? The line parser may cut a value short or
 * run it into the next label ("… Co., Ltd. Manufacturer …"); when the
 * registered value stands right after the field's label (or at the start of
 * its cell, or after its phrase in prose), the field matches whatever the
 * parser made of it. A forged value printed there does not start with the
 * registered one, so a forgery is never confirmed.
 */
import { normaliseText } from '#shared/domain/normalise.ts';
import type { Box, TextPage } from '#shared/text/types.ts';
import { COMPILED_LABELS, findLabels, type LabelledField } from './labels.ts';
import { normaliseConclusion, parseCaratWeight, parseDate } from './normalisers.ts';
import { PHRASE_OPENERS } from './prose.ts';

export interface FieldPlace {
  page: number;
  line?: number;
  box?: Box;
}

const LABELS_BY_FIELD = new Map<LabelledField, RegExp[]>();
for (const l of COMPILED_LABELS) {
  if (l.field === null) continue;
  const list = LABELS_BY_FIELD.get(l.field) ?? [];
  list.push(new RegExp(`${l.pattern.source}\\s*(?:[:：]\\s*)?`, 'giu'));
  LABELS_BY_FIELD.set(l.field, list);
}
const ANY_LABEL_AT_START = new RegExp(`^(?:${COMPILED_LABELS.map((l) => l.pattern.source).join('|')})`, 'iu');
/** Words that follow a name in Chinese prose: 受…委托, …的样品, …进行检验, 由…生产. */
const ZH_CONNECTOR = /^(?:委托|的|进行|于|由|生产|制造|送检|对|所|并|[，。；、（(])/u;
const ALNUM = /[\p{L}\p{N}]/u;

/** Positions in `text` right after a label or phrase of `field`. */
const valueStarts = (text: string, field: LabelledField): number[] => {
  const out: number[] = [];
  for (const re of [...(LABELS_BY_FIELD.get(field) ?? []), ...(PHRASE_OPENERS[field] ?? [])]) {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(g)) out.push((m.index ?? 0) + m[0].length);
  }
  return out;
};

/** The registered text stands at the start of `text`, and ends where a value may end. */
export const startsWithValue = (text: string, registered: string): boolean => {
  const t = normaliseText(text);
  const r = [...normaliseText(registered).toLowerCase()].filter((c) => ALNUM.test(c));
  if (r.length === 0) return false;
  let k = 0;
  let i = 0;
  for (; i < t.length && k < r.length; i++) {
    const ch = t[i] ?? '';
    if (!ALNUM.test(ch)) continue;
    if (ch.toLowerCase() !== r[k]) return false;
    k++;
  }
  if (k < r.length) return false;
  const rest = t.slice(i);
  if (rest.trim() === '') return true;
  const first = rest[0] ?? '';
  if (/\s/u.test(first)) {
    const after = rest.trimStart();
    return ANY_LABEL_AT_START.test(after) || /^[a-z(（[]/u.test(after) || /^\p{Script=Han}/u.test(after) || !ALNUM.test(after[0] ?? '');
  }
  if (!ALNUM.test(first)) return !/^[-_/.·][\p{L}\p{N}]/u.test(rest);
  // glued on: only a label or a Chinese connector after a Chinese name
  const lastHan = /\p{Script=Han}/u.test(r[r.length - 1] ?? '');
  return lastHan && (ANY_LABEL_AT_START.test(rest) || ZH_CONNECTOR.test(rest));
};

/** The text of a value from `text` up to the next label of any field. */
const upToNextLabel = (text: string): string => {
  const next = findLabels(text).find((m) => m.start > 0);
  return next ? text.slice(0, next.start) : text;
};

type Comparison = 'text' | 'date' | 'conclusion' | 'number' | 'set';

const COMPARISON: Partial<Record<LabelledField, Comparison>> = {
  issueDate: 'date',
  sampleReceivedDate: 'date',
  validUntil: 'date',
  conclusion: 'conclusion',
  caratWeight: 'number',
  standards: 'set',
};

const valueAt = (field: LabelledField, text: string, registered: unknown): boolean => {
  switch (COMPARISON[field] ?? 'text') {
    case 'date':
      return parseDate(text.slice(0, 40)) === registered;
    case 'conclusion': {
      const printed = normaliseConclusion(upToNextLabel(text).slice(0, 120));
      const reg = normaliseConclusion(String(registered));
      return reg === 'PASS' || reg === 'FAIL' ? printed === reg : startsWithValue(text, String(registered));
    }
    case 'number': {
      const w = parseCaratWeight(text.slice(0, 30)) ?? Number(/^\s*[:：]?\s*(\d+(?:\.\d+)?)/u.exec(text)?.[1] ?? Number.NaN);
      return typeof registered === 'number' && Number.isFinite(w) && Math.abs(w - registered) <= Math.max(0.005, registered * 0.001);
    }
    case 'set':
      return false;
    case 'text':
      return typeof registered === 'string' && startsWithValue(text, registered);
  }
};

const hasBox = (b: Box | undefined): b is Box => b !== undefined && b.width > 0 && b.height > 0;

/** The lines a field was read from: those inside its box, else its line. */
const placeLines = (page: TextPage, place: FieldPlace) => {
  if (hasBox(place.box)) {
    const b = place.box;
    const inside = page.lines.filter((l) => {
      if (!hasBox(l.box)) return false;
      const mid = l.box.top + l.box.height / 2;
      return mid >= b.top - 0.002 && mid <= b.top + b.height + 0.002 && l.box.left < b.left + b.width && l.box.left + l.box.width > b.left;
    });
    if (inside.length > 0) return inside.sort((a, c) => a.box.top - c.box.top || a.box.left - c.box.left);
  }
  const one = place.line === undefined ? undefined : page.lines[place.line - 1];
  return one ? [one] : [];
};

/** Is the registered value printed at the place the field was read from? undefined when there is no text to look at. */
export const registeredAtPlace = (pages: readonly TextPage[], field: LabelledField, place: FieldPlace, registered: unknown): boolean | undefined => {
  const page = pages.find((p) => p.pageNumber === place.page);
  if (!page) return undefined;
  const lines = placeLines(page, place).map((l) => normaliseText(l.text));
  if (lines.length === 0) return undefined;
  for (const [i, text] of lines.entries()) {
    const rest = lines.slice(i + 1).join(' ');
    const starts = valueStarts(text, field);
    // A cell or a line below its label: the value starts the line.
    if (findLabels(text)[0]?.start !== 0) starts.push(0);
    for (const s of starts) if (valueAt(field, `${text.slice(s)} ${rest}`.trim(), registered)) return true;
  }
  return false;
};

/** Is the registered value printed right after a label or phrase of the field anywhere in the document? */
export const registeredAtAnyLabel = (pages: readonly TextPage[], field: LabelledField, registered: unknown): boolean => {
  for (const page of pages) {
    const lines = page.lines.map((l) => normaliseText(l.text));
    for (const [i, text] of lines.entries()) {
      for (const s of valueStarts(text, field)) if (valueAt(field, `${text.slice(s)} ${lines[i + 1] ?? ''}`.trim(), registered)) return true;
    }
  }
  return false;
};

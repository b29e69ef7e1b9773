/**
 * The lines of a document as the field parsers see them: NFKC text, the labels
 * found in it, and the geometry helpers the layout strategies share (the cell
 * to the right, the line below, continuation lines, boxes of what was read).
 */
import { normaliseText } from '#shared/domain/normalise.ts';
import type { Box, TextResult } from '#shared/text/types.ts';
import { findLabels, type LabelMatch } from './labels.ts';
import { gridLabels } from './layouts/grid.ts';
import { cleanValue } from './normalisers.ts';

export interface ParsedLine {
  page: number;
  /** 1-based within the page */
  line: number;
  text: string;
  confidence: number;
  box: Box;
  labels: LabelMatch[];
}

export const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);
export const hasBox = (b: Box | undefined): b is Box => b !== undefined && b.width > 0 && b.height > 0;

const r4 = (n: number): number => Math.round(n * 10000) / 10000;

/** The smallest box around the boxes given (empty boxes ignored); undefined when none has a size. */
export const unionBox = (boxes: readonly (Box | undefined)[]): Box | undefined => {
  const real = boxes.filter(hasBox);
  if (real.length === 0) return undefined;
  const left = Math.min(...real.map((b) => b.left));
  const top = Math.min(...real.map((b) => b.top));
  const right = Math.max(...real.map((b) => b.left + b.width));
  const bottom = Math.max(...real.map((b) => b.top + b.height));
  return { left: r4(left), top: r4(top), width: r4(right - left), height: r4(bottom - top) };
};

/** The part of a line's box that characters from..to occupy, by their share of the text (no word boxes needed). */
export const subBox = (line: ParsedLine, from: number, to: number): Box | undefined => {
  if (!hasBox(line.box) || line.text.length === 0) return undefined;
  const len = line.text.length;
  const a = Math.max(0, Math.min(len, from));
  const b = Math.max(a, Math.min(len, to));
  if (b === a) return unionBox([line.box]);
  return unionBox([{ ...line.box, left: line.box.left + (line.box.width * a) / len, width: (line.box.width * (b - a)) / len }]);
};

export const prepareLines = (text: TextResult): ParsedLine[][] =>
  text.pages.map((page) =>
    page.lines.map((l, i) => {
      const t = normaliseText(l.text);
      const confidence = Number.isFinite(l.confidence) ? clamp01(l.confidence) : 0.5;
      // An issuer label after other text, with no colon, is part of a name ("Acme Testing Laboratory CNAS").
      const labels = gridLabels(
        t,
        findLabels(t).filter((m) => !(m.field === 'issuerName' && !m.hasColon && cleanValue(t.slice(0, m.start)).length > 0)),
      );
      return { page: page.pageNumber, line: i + 1, text: t, confidence, box: l.box, labels };
    }),
  );

/** Text of a line from `from` up to its next label. */
export const segmentFrom = (line: ParsedLine, from: number): string => {
  const next = line.labels.find((m) => m.start >= from);
  return line.text.slice(from, next ? next.start : undefined);
};

export const startsWithLabel = (line: ParsedLine): boolean => {
  const first = line.labels[0];
  return first !== undefined && cleanValue(line.text.slice(0, first.start)).length === 0;
};

/** The cell to the right of a line, on the same row. */
export const rightOf = (line: ParsedLine, page: ParsedLine[]): ParsedLine | undefined => {
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
export const below = (line: ParsedLine, page: ParsedLine[]): ParsedLine | undefined => {
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
export const continuation = (line: ParsedLine, page: ParsedLine[], max: number, accept: (l: ParsedLine) => boolean): ParsedLine[] => {
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

export const joinLines = (parts: string[]): string =>
  parts.reduce((acc, p) => {
    const a = cleanValue(acc);
    const b = cleanValue(p);
    if (a.length === 0) return b;
    const cjkJoin = /[\p{Script=Han}，、]$/u.test(a) && /^[\p{Script=Han}（(]/u.test(b);
    return cjkJoin ? a + b : `${a} ${b}`;
  }, '');

/**
 * Text that a page draws and then paints over: an opaque box filled after the
 * text, over it (a white-out edit), or other text drawn on top of it. The
 * reader reports what is visible; the covered text becomes forensic evidence.
 *
 * Paint order comes from the operator list: each text-showing operator is
 * matched, in order, with the text-content items (by their characters), and
 * every filled path remembers how many text operators came before it. An item
 * is covered when a path filled after it covers most of its box, or when a
 * later item with other characters overlaps most of it.
 */
import { concat, IDENTITY, type Matrix } from './pdf-matrix.ts';

export interface TextItemBox {
  str: string;
  /** PDF user space, y up */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface FilledBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Text operators painted before this box. */
  after: number;
}

type Ops = Record<string, number>;

const squash = (s: string): string => s.replace(/\s+/gu, '');

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

const area = (b: { x0: number; y0: number; x1: number; y1: number }): number => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
const overlap = (a: TextItemBox, b: { x0: number; y0: number; x1: number; y1: number }): number =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/** The characters each text-showing operator paints, in order, and the filled boxes with their place in that order. */
const paintOrder = (fnArray: number[], argsArray: unknown[], OPS: Ops): { texts: string[]; fills: FilledBox[] } => {
  const showText = new Set([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);
  const fillOps = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const texts: string[] = [];
  const fills: FilledBox[] = [];
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  let pending: FilledBox | undefined;
  fnArray.forEach((fn, i) => {
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === OPS.transform && Array.isArray(args)) ctm = concat(args as Matrix, ctm);
    else if (showText.has(fn)) {
      const glyphs = (Array.isArray(args?.[0]) ? args[0] : Array.isArray(args?.[2]) ? args[2] : []) as unknown[];
      texts.push(glyphs.map((g) => (g && typeof g === 'object' && 'unicode' in g ? String((g as { unicode: unknown }).unicode) : '')).join(''));
    } else if (fn === OPS.constructPath && Array.isArray(args)) {
      const minMax = args[2] as ArrayLike<number> | undefined;
      pending = undefined;
      if (minMax && minMax.length >= 4) {
        const corners = [apply(ctm, minMax[0] ?? 0, minMax[1] ?? 0), apply(ctm, minMax[2] ?? 0, minMax[3] ?? 0), apply(ctm, minMax[0] ?? 0, minMax[3] ?? 0), apply(ctm, minMax[2] ?? 0, minMax[1] ?? 0)];
        const xs = corners.map((c) => c[0]);
        const ys = corners.map((c) => c[1]);
        pending = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys), after: texts.length };
        // pdf.js 5 folds the painting operator into constructPath.
        if (typeof args[0] === 'number' && fillOps.has(args[0])) {
          fills.push(pending);
          pending = undefined;
        }
      }
    } else if (fillOps.has(fn) && pending) {
      fills.push(pending);
      pending = undefined;
    }
  });
  return { texts, fills };
};

/**
 * For each item, the text operator that painted each of its non-space
 * characters (pdf.js joins the runs of one line into one item); undefined
 * when the items cannot be matched with the operators.
 */
const itemOrder = (items: readonly TextItemBox[], texts: readonly string[]): number[][] | undefined => {
  // The painted characters in order, each with its operator.
  const chars: { ch: string; op: number }[] = [];
  texts.forEach((t, op) => {
    for (const ch of squash(t)) chars.push({ ch, op });
  });
  const stream = chars.map((c) => c.ch).join('');
  const out: number[][] = [];
  let cursor = 0;
  for (const item of items) {
    const s = squash(item.str);
    if (s === '') {
      out.push([]);
      continue;
    }
    const at = stream.indexOf(s, cursor);
    if (at < 0) return undefined;
    // Code units of the stream and of `chars` differ for astral characters; keep to the BMP case.
    out.push(Array.from({ length: s.length }, (_, i) => chars[at + i]?.op ?? 0));
    cursor = at + s.length;
  }
  return stream.length === chars.length ? out : undefined;
};

/** Rough advance of a character in ems: full-width and CJK characters are square, others about half. */
const advance = (ch: string): number => (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u.test(ch) ? 1 : /[\s.,:;'|!il1]/u.test(ch) ? 0.3 : 0.58);

/** The characters of an item painted before `after` whose middle lies inside [x0, x1], as [from, to). */
const charRange = (item: TextItemBox, ops: readonly number[], after: number, x0: number, x1: number): [number, number] | undefined => {
  const chars = [...item.str];
  const widths = chars.map(advance);
  const total = widths.reduce((a, b) => a + b, 0) || 1;
  const scale = (item.x1 - item.x0) / total;
  let pos = item.x0;
  let from = -1;
  let to = -1;
  let offset = 0;
  let painted = 0;
  chars.forEach((ch, i) => {
    const w = (widths[i] ?? 0) * scale;
    const mid = pos + w / 2;
    const op = ch.trim() === '' ? Number.POSITIVE_INFINITY : (ops[painted++] ?? 0);
    if (mid >= x0 && mid <= x1 && op < after) {
      if (from < 0) from = offset;
      to = offset + ch.length;
    }
    pos += w;
    offset += ch.length;
  });
  return from < 0 ? undefined : [from, to];
};

export interface Covered {
  /** What paints over it. */
  by: 'box' | 'text';
  /** The characters covered, [from, to) in the item's text. */
  from: number;
  to: number;
}

/** The items (by index) that something painted later covers, whole or in part. */
export const coveredItems = (
  items: readonly TextItemBox[],
  operatorList: { fnArray: number[]; argsArray: unknown[] },
  OPS: Ops,
): Map<number, Covered> => {
  const out = new Map<number, Covered>();
  const { texts, fills } = paintOrder(operatorList.fnArray, operatorList.argsArray, OPS);
  const order = itemOrder(items, texts);
  if (!order) return out;
  const height = (b: { y0: number; y1: number }) => Math.max(0, b.y1 - b.y0);
  items.forEach((item, i) => {
    const ops = order[i] ?? [];
    if (area(item) <= 0 || ops.length === 0) return;
    const k = Math.min(...ops);
    const last = Math.max(...ops);
    // A box filled later that covers the item's height over some of its characters.
    for (const f of fills) {
      if (f.after <= k) continue;
      const vertical = Math.max(0, Math.min(item.y1, f.y1) - Math.max(item.y0, f.y0));
      if (vertical < 0.6 * height(item)) continue;
      const range = charRange(item, ops, f.after, f.x0, f.x1);
      if (range) {
        out.set(i, { by: 'box', from: range[0], to: range[1] });
        return;
      }
    }
    const later = items.find((o, m) => m > i && Math.min(...(order[m] ?? [0])) > last && squash(o.str) !== '' && squash(o.str) !== squash(item.str) && overlap(item, o) >= 0.6 * area(item));
    if (later) out.set(i, { by: 'text', from: 0, to: item.str.length });
  });
  return out;
};

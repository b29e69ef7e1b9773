/**
 * The drawing surface of the document renderer: an A4 page of positioned
 * text runs, ruling lines, boxes, a QR code and a seal, plus line wrapping
 * and ruled tables on it.
 */
import { measure } from './fonts.ts';
import type { LayoutItem, PageLayout } from './types.ts';

export const A4 = { width: 595.28, height: 841.89 } as const;
const INK = '#111111';
const SEAL_RED = '#d42a2a';

type Align = 'left' | 'center' | 'right';

export class Page implements PageLayout {
  readonly width = A4.width;
  readonly height = A4.height;
  readonly items: LayoutItem[] = [];

  /** A run of text with its baseline at y; returns its width. */
  text(x: number, y: number, text: string, size: number, opts: { bold?: boolean; align?: Align; color?: string } = {}): number {
    const width = measure(text, size, opts.bold);
    const left = opts.align === 'center' ? x - width / 2 : opts.align === 'right' ? x - width : x;
    this.items.push({ type: 'text', x: left, y, text, size, bold: opts.bold, color: opts.color ?? INK });
    return width;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.8): void {
    this.items.push({ type: 'line', x1, y1, x2, y2, width, color: INK });
  }

  rect(x: number, y: number, w: number, h: number, width = 1, color = INK): void {
    this.items.push({ type: 'rect', x, y, w, h, width, color });
  }

  /** An opaque filled box (a white-out covers what was drawn before it). */
  fill(x: number, y: number, w: number, h: number, color = '#ffffff'): void {
    this.items.push({ type: 'fill', x, y, w, h, color });
  }

  qr(x: number, y: number, size: number, payload: string): void {
    this.items.push({ type: 'qr', x, y, size, payload });
  }

  seal(cx: number, cy: number, caption: string): void {
    this.items.push({ type: 'circle', cx, cy, r: 46, width: 2.4, color: SEAL_RED });
    this.items.push({ type: 'circle', cx, cy, r: 42, width: 0.8, color: SEAL_RED });
    this.text(cx, cy + 4, '★', 16, { align: 'center', color: SEAL_RED });
    this.text(cx, cy + 26, caption, 7, { align: 'center', color: SEAL_RED });
  }
}

const HAN = /\p{Script=Han}/u;

/** Breaks text into lines no wider than `width`: at spaces for Latin text, anywhere for Chinese. */
export const wrap = (text: string, width: number, size: number, bold = false): string[] => {
  const lines: string[] = [];
  const tokens = text.match(/\p{Script=Han}[，。、；：）]?|[^\s\p{Script=Han}]+\s*|\s+/gu) ?? [];
  let current = '';
  for (const token of tokens) {
    const candidate = current + token;
    if (current.trim().length > 0 && measure(candidate.trimEnd(), size, bold) > width) {
      lines.push(current.trimEnd());
      current = token.trimStart();
    } else {
      current = candidate;
    }
  }
  if (current.trim().length > 0) lines.push(current.trimEnd());
  return lines;
};

/** Joins wrapped lines back the way the parser does: no space between Chinese characters. */
export const joinWrapped = (lines: string[]): string =>
  lines.reduce((acc, l) => (acc === '' ? l : HAN.test(acc.slice(-1)) && HAN.test(l.slice(0, 1)) ? acc + l : `${acc} ${l}`), '');

export interface Cell {
  text: string | string[];
  span?: number;
}

/** A ruled table: rows of label/value cells; each row as high as its tallest cell. */
export const table = (page: Page, rows: Cell[][], opts: { x: number; y: number; widths: number[]; size: number }): number => {
  const lineHeight = opts.size * 1.5;
  const total = opts.widths.reduce((a, b) => a + b, 0);
  let y = opts.y;
  page.line(opts.x, y, opts.x + total, y);
  for (const row of rows) {
    let col = 0;
    const placed = row.map((cell) => {
      const span = cell.span ?? 1;
      const width = opts.widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      const x = opts.x + opts.widths.slice(0, col).reduce((a, b) => a + b, 0);
      col += span;
      const texts = Array.isArray(cell.text) ? cell.text : [cell.text];
      const lines = texts.flatMap((t) => wrap(t, width - 12, opts.size));
      return { x, width, lines };
    });
    const height = Math.max(...placed.map((p) => p.lines.length)) * lineHeight + 12;
    for (const p of placed) {
      p.lines.forEach((l, i) => page.text(p.x + 6, y + 6 + opts.size + i * lineHeight, l, opts.size));
      page.line(p.x, y, p.x, y + height);
    }
    page.line(opts.x + total, y, opts.x + total, y + height);
    y += height;
    page.line(opts.x, y, opts.x + total, y);
  }
  return y;
};

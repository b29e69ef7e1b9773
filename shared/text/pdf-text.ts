import type { PDFDocumentProxy } from './pdf-document.ts';
import { getResolvedPDFJS } from 'unpdf';
import { withTimeout } from '#shared/intake/timeout.ts';
import { coveredItems, type TextItemBox } from './pdf-covered-text.ts';
import { mapPdfError } from './pdf-document.ts';
import type { Line, TextPage, TextResult } from './types.ts';

interface PositionedItem {
  text: string;
  /** viewport pixels at scale 1, origin top-left */
  x: number;
  baseline: number;
  width: number;
  size: number;
}

/** A wider gap than this many font sizes splits a row into two lines (two columns or table cells), as Textract does. */
export const COLUMN_GAP_EM = 2.5;

const clamp01 = (n: number): number => Math.min(1, Math.max(0, n));

/**
 * Groups positioned text items into lines in reading order: rows top to bottom (items
 * whose baselines are within half a font size share a row), left to right within a
 * row; a gap wider than COLUMN_GAP_EM splits the row into separate lines.
 */
export const itemsToLines = (items: PositionedItem[], pageWidth: number, pageHeight: number): Line[] => {
  const sorted = items.filter((i) => i.text.trim() !== '').sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: PositionedItem[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    const ref = row?.[0];
    if (row && ref && Math.abs(item.baseline - ref.baseline) <= Math.max(1, 0.5 * Math.min(ref.size, item.size))) row.push(item);
    else rows.push([item]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let segment: PositionedItem[] = [];
    const flush = () => {
      if (segment.length === 0) return;
      let text = '';
      let prevEnd: number | undefined;
      for (const it of segment) {
        const gap = prevEnd === undefined ? 0 : it.x - prevEnd;
        if (prevEnd !== undefined && gap > 0.15 * it.size && !/\s$/u.test(text) && !/^\s/u.test(it.text)) text += ' ';
        text += it.text;
        prevEnd = it.x + it.width;
      }
      const left = Math.min(...segment.map((i) => i.x));
      const right = Math.max(...segment.map((i) => i.x + i.width));
      const size = Math.max(...segment.map((i) => i.size));
      const baseline = Math.max(...segment.map((i) => i.baseline));
      const top = baseline - size;
      lines.push({
        text: text.replace(/\s+/gu, ' ').trim(),
        confidence: 1,
        box: {
          left: clamp01(left / pageWidth),
          top: clamp01(top / pageHeight),
          width: clamp01((right - left) / pageWidth),
          height: clamp01((size * 1.2) / pageHeight),
        },
      });
      segment = [];
    };
    for (const item of row) {
      const last = segment.at(-1);
      if (last && item.x - (last.x + last.width) > COLUMN_GAP_EM * Math.max(last.size, item.size)) flush();
      segment.push(item);
    }
    flush();
  }
  return lines.filter((l) => l.text !== '');
};

/**
 * Reads one page's text layer into lines with boxes as page fractions: the
 * visible text in `lines`, text that is painted over afterwards (an opaque
 * box or other text on top of it, see pdf-covered-text.ts) in `hidden`.
 */
export const readPdfPageText = async (pdf: PDFDocumentProxy, pageNumber: number): Promise<TextPage> => {
  const { Util, OPS } = await getResolvedPDFJS();
  const page = await pdf.getPage(pageNumber);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PositionedItem[] = [];
    const boxes: TextItemBox[] = [];
    for (const raw of content.items) {
      if (!('str' in raw) || raw.str === '') continue;
      const tx = Util.transform(viewport.transform, raw.transform) as number[];
      const size = Math.hypot(tx[2] ?? 0, tx[3] ?? 0) || raw.height || 1;
      // width is in text space units scaled by the font matrix; at scale 1 it is already in viewport units
      items.push({ text: raw.str, x: tx[4] ?? 0, baseline: tx[5] ?? 0, width: raw.width, size });
      const [, , c = 0, d = 0, e = 0, f = 0] = raw.transform as number[];
      const userSize = Math.hypot(c, d) || raw.height || 1;
      boxes.push({ str: raw.str, x0: e, y0: f - 0.2 * userSize, x1: e + raw.width, y1: f + 0.8 * userSize });
    }
    const ops = await page.getOperatorList();
    const covered = coveredItems(boxes, ops as { fnArray: number[]; argsArray: unknown[] }, OPS as unknown as Record<string, number>);
    const visible: PositionedItem[] = [];
    const hidden: PositionedItem[] = [];
    items.forEach((item, i) => {
      const c = covered.get(i);
      if (!c) {
        visible.push(item);
        return;
      }
      // Split by the characters' share of the width: what is before and after the covered part stays visible.
      const len = item.text.length || 1;
      const part = (from: number, to: number): PositionedItem => ({
        ...item,
        text: item.text.slice(from, to),
        x: item.x + (item.width * from) / len,
        width: (item.width * (to - from)) / len,
      });
      if (c.from > 0) visible.push(part(0, c.from));
      hidden.push(part(c.from, c.to));
      if (c.to < item.text.length) visible.push(part(c.to, item.text.length));
    });
    const result: TextPage = { pageNumber, lines: itemsToLines(visible, viewport.width, viewport.height) };
    if (hidden.length > 0) result.hidden = itemsToLines(hidden, viewport.width, viewport.height);
    return result;
  } finally {
    page.cleanup();
  }
};

/** Non-space characters on a page. */
export const pageCharacterCount = (page: TextPage): number =>
  page.lines.reduce((n, l) => n + l.text.replace(/\s+/gu, '').length, 0);

/** A page with fewer meaningful characters than this is treated as an image (a scan, perhaps with a footer). */
export const MIN_TEXT_LAYER_CHARS = 20;

/** True when at least half the pages carry a real text layer, so OCR is not needed. */
export const hasTextLayer = (result: TextResult): boolean => {
  if (result.pages.length === 0) return false;
  const withText = result.pages.filter((p) => pageCharacterCount(p) >= MIN_TEXT_LAYER_CHARS).length;
  return withText * 2 >= result.pages.length;
};

/**
 * The `pdf-text` engine: the PDF's own text layer, no OCR, no cost. Reads pages
 * 1..min(numPages, maxPages) within `timeoutMs`.
 */
export const extractPdfText = async (
  pdf: PDFDocumentProxy,
  options: { timeoutMs: number; maxPages?: number },
): Promise<TextResult> => {
  const count = Math.min(pdf.numPages, options.maxPages ?? pdf.numPages);
  const work = (async () => {
    const pages: TextPage[] = [];
    for (let n = 1; n <= count; n++) pages.push(await readPdfPageText(pdf, n));
    return { engine: 'pdf-text', pages, keyValues: [] } satisfies TextResult;
  })();
  try {
    return await withTimeout(work, options.timeoutMs, 'Reading the PDF text layer');
  } catch (error) {
    throw mapPdfError(error);
  }
};

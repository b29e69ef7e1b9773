import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPdf, type PDFDocumentProxy } from '#shared/text/pdf-document.ts';
import { extractPdfText, hasTextLayer, itemsToLines } from '#shared/text/pdf-text.ts';
import { renderPdfPage, renderScale } from '#shared/text/render-pdf.ts';
import { makePdf } from '../../fixtures/intake/generate.ts';
import sharp from 'sharp';

const limits = { timeoutMs: 20_000, maxImagePixels: 50_000_000 };

describe('text: itemsToLines', () => {
  it('orders rows top to bottom, joins close items and splits columns', () => {
    // Prepare: items out of order, two columns on the second row
    const items = [
      { text: 'Conclusion: PASS', x: 300, baseline: 130, width: 110, size: 12 },
      { text: 'Report No.:', x: 72, baseline: 100, width: 60, size: 12 },
      { text: 'HC2025-1', x: 135, baseline: 100.5, width: 50, size: 12 },
      { text: 'Product: Widget', x: 72, baseline: 130, width: 90, size: 12 },
    ];
    // Act
    const lines = itemsToLines(items, 600, 800);
    // Assess
    expect(lines.map((l) => l.text)).toStrictEqual(['Report No.: HC2025-1', 'Product: Widget', 'Conclusion: PASS']);
    expect(lines[0]?.box).toStrictEqual({ left: 0.12, top: (100.5 - 12) / 800, width: (185 - 72) / 600, height: (12 * 1.2) / 800 });
  });
});

describe('text: pdf-text engine', () => {
  let pdf: PDFDocumentProxy;
  beforeAll(async () => {
    pdf = await openPdf(
      await makePdf({ pages: [['Test Report', 'Report No.: HC2025-031400127', 'Sample Name: Electric Toothbrush'], ['Page two: Conclusion PASS']] }),
      limits,
    );
  });
  afterAll(async () => {
    await pdf.loadingTask.destroy();
  });

  it('reads every page in reading order with boxes as page fractions', async () => {
    // Act
    const result = await extractPdfText(pdf, { timeoutMs: 10_000 });
    // Assess
    expect(result.engine).toBe('pdf-text');
    expect(result.pages.map((p) => p.lines.map((l) => l.text))).toStrictEqual([
      ['Test Report', 'Report No.: HC2025-031400127', 'Sample Name: Electric Toothbrush'],
      ['Page two: Conclusion PASS'],
    ]);
    const first = result.pages[0]?.lines[0];
    expect(first?.confidence).toBe(1);
    expect(first?.box.left).toBeCloseTo(72 / 595.28, 3);
    expect(first?.box.top).toBeGreaterThan(0.07);
    expect(first?.box.top).toBeLessThan(0.1);
    expect(hasTextLayer(result)).toBe(true);
  });

  it('reads no more than maxPages', async () => {
    // Act
    const result = await extractPdfText(pdf, { timeoutMs: 10_000, maxPages: 1 });
    // Assess
    expect(result.pages).toHaveLength(1);
  });

  it('renders a page to a JPEG at the requested resolution', async () => {
    // Act
    const jpeg = await renderPdfPage(pdf, 1, { dpi: 72, timeoutMs: 10_000 });
    // Assess
    const meta = await sharp(jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(595);
    // something was drawn (Node 20 needs the transferToFixedLength shim for glyphs)
    const stats = await sharp(jpeg).stats();
    expect(stats.channels[0]?.min).toBeLessThan(100);
  });
});

describe('text: renderScale', () => {
  it('lowers the dpi to stay under the pixel cap', () => {
    // Act & Assess
    expect(renderScale(595, 842, 300, 100_000_000)).toBeCloseTo(300 / 72);
    expect(renderScale(595, 842, 300, 1_000_000)).toBeCloseTo(Math.sqrt(1_000_000 / (595 * 842)));
  });
});

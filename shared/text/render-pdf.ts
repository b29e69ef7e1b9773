import { renderPageAsImage } from 'unpdf';
import type { PDFDocumentProxy } from './pdf-document.ts';
import { mapPdfError } from './pdf-document.ts';
import { withTimeout } from '#shared/intake/timeout.ts';

export interface RenderOptions {
  /** Target resolution; 300 dpi is what OCR engines want. */
  dpi?: number;
  /** Upper bound on the rendered page, pixels; the dpi is lowered to fit. */
  maxPixels?: number;
  timeoutMs: number;
}

export const DEFAULT_RENDER_DPI = 300;
/** 300 dpi A4 is 8.7 MP; allow up to A3-ish at 300 dpi, never more. */
export const DEFAULT_RENDER_MAX_PIXELS = 18_000_000;

const canvasImport = () => import('@napi-rs/canvas');

/** The scale (relative to 72 dpi) that hits `dpi` without exceeding `maxPixels`. */
export const renderScale = (widthPt: number, heightPt: number, dpi: number, maxPixels: number): number => {
  const wanted = dpi / 72;
  const area = widthPt * heightPt;
  if (area <= 0) return wanted;
  const capped = Math.sqrt(maxPixels / area);
  return Math.max(0.1, Math.min(wanted, capped));
};

/**
 * Renders one PDF page to PNG (pdf.js on @napi-rs/canvas; offline), for OCR of
 * scanned pages and for QR decoding. The page count must have been checked first.
 */
export const renderPdfPage = async (pdf: PDFDocumentProxy, pageNumber: number, options: RenderOptions): Promise<Buffer> => {
  const page = await pdf.getPage(pageNumber);
  const { width, height } = page.getViewport({ scale: 1 });
  page.cleanup();
  const scale = renderScale(width, height, options.dpi ?? DEFAULT_RENDER_DPI, options.maxPixels ?? DEFAULT_RENDER_MAX_PIXELS);
  try {
    const png = await withTimeout(
      renderPageAsImage(pdf, pageNumber, { canvasImport, scale }),
      options.timeoutMs,
      `Rendering page ${pageNumber}`,
    );
    return Buffer.from(png);
  } catch (error) {
    throw mapPdfError(error);
  }
};

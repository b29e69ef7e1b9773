import type { Principal } from '#shared/domain/api-key.ts';
import { ValidationFailedError } from '#shared/domain/errors.ts';
import type { StoredDocument } from '#shared/store/document-store.ts';
import { openPdf } from '#shared/text/pdf-document.ts';
import { renderPdfPage } from '#shared/text/render-pdf.ts';
import { getDocument, type DocumentDeps } from './documents.ts';

/**
 * Kept apart from documents.ts: rendering needs pdf.js and @napi-rs/canvas,
 * which only the OCR-layer functions ship.
 */
/** Page images for the console: small enough to send, sharp enough to read the boxes. */
export const PAGE_IMAGE_DPI = 110;

/**
 * GET /verifications/{id}/pages/{page}: one page as an image, so the console
 * draws the field boxes on it without shipping pdf.js to the browser. A PDF
 * page is rendered with pdf.js on @napi-rs/canvas (JPEG); an image document
 * is its own single page.
 */
export const pageImage = async (deps: DocumentDeps, verificationId: string, page: number, principal: Principal): Promise<StoredDocument> => {
  const stored = await getDocument(deps, verificationId, principal);
  const outOfRange = (pages: number) =>
    new ValidationFailedError(`The document has ${pages} page(s).`, [{ path: 'path.page', message: `must be 1..${pages}` }]);
  if (stored.contentType !== 'application/pdf') {
    if (page !== 1) throw outOfRange(1);
    return stored;
  }
  const pdf = await openPdf(stored.bytes, { timeoutMs: 10_000, maxImagePixels: 40_000_000 });
  try {
    if (page > pdf.numPages) throw outOfRange(pdf.numPages);
    const jpeg = await renderPdfPage(pdf, page, { dpi: PAGE_IMAGE_DPI, maxPixels: 4_000_000, timeoutMs: 10_000 });
    return { bytes: new Uint8Array(jpeg), contentType: 'image/jpeg' };
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
};

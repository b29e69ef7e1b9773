import type { Principal } from '#shared/domain/api-key.ts';
import { DocumentNotFoundError, ValidationFailedError } from '#shared/domain/errors.ts';
import type { Verification } from '#shared/domain/verification.ts';
import type { PageImageKey, StoredDocument } from '#shared/store/document-store.ts';
import { openPdf } from '#shared/text/pdf-document.ts';
import { renderPdfPage } from '#shared/text/render-pdf.ts';
import type { DocumentDeps } from './documents.ts';
import { getVerification } from './verifications.ts';

/**
 * Kept apart from documents.ts: rendering needs pdf.js and @napi-rs/canvas,
 * which only the OCR-layer functions ship.
 */
/**
 * Page images for the console: the page column is at most ~800 CSS pixels
 * wide, and an A4 page at 96 dpi is 794 pixels, sharp enough to read the boxed
 * values (the reviewer can download the original). Rendering at 96 dpi instead
 * of 110 takes ~40 % less time and bytes (measured on examples/tampered.pdf).
 */
export const PAGE_IMAGE_DPI = 96;
/** The pages rendered ahead of a reviewer: what the verification view shows first. */
export const PAGES_AHEAD = 3;
const PAGE_IMAGE_JPEG_QUALITY = 85;

export interface PageImage extends StoredDocument {
  /** Fixed by the document's content, the page and the resolution: a strong validator. */
  etag: string;
}

const noDocument = (id: string) =>
  new DocumentNotFoundError(`Verification ${id} has no stored document (typed-in fields, a passport, or one verified before documents were kept).`);

/** The document's bytes and the page's key, once the caller may read the verification and the page exists. */
const locate = async (deps: DocumentDeps, verificationId: string, page: number, principal: Principal) => {
  const v = await getVerification(deps.repos, verificationId, principal);
  const info = 'document' in v ? (v as Verification).document : undefined;
  if (!info) throw noDocument(verificationId);
  const pages = info.contentType === 'application/pdf' ? info.pages : 1;
  if (page > Math.max(1, pages)) throw new ValidationFailedError(`The document has ${pages} page(s).`, [{ path: 'path.page', message: `must be 1..${pages}` }]);
  const key: PageImageKey = { sha256: info.sha256, page, dpi: PAGE_IMAGE_DPI };
  const pdf = info.contentType === 'application/pdf';
  return { key, pdf, etag: `"${info.sha256.slice(0, 32)}-${pdf ? `${page}-${PAGE_IMAGE_DPI}` : 'original'}"` };
};

const render = async (bytes: Uint8Array, pages: readonly number[], onPage: (page: number, jpeg: Uint8Array) => Promise<void>): Promise<void> => {
  const pdf = await openPdf(bytes, { timeoutMs: 10_000, maxImagePixels: 40_000_000 });
  try {
    for (const page of pages) {
      if (page > pdf.numPages) break;
      const jpeg = await renderPdfPage(pdf, page, { dpi: PAGE_IMAGE_DPI, quality: PAGE_IMAGE_JPEG_QUALITY, maxPixels: 4_000_000, timeoutMs: 10_000 });
      await onPage(page, new Uint8Array(jpeg));
    }
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
};

/**
 * GET /verifications/{id}/pages/{page}: one page as an image, so the console
 * draws the field boxes on it without shipping pdf.js to the browser. A PDF
 * page is rendered once with pdf.js on @napi-rs/canvas (JPEG) and kept beside
 * the document (DocumentStore.putPage), keyed by the document's sha256; an
 * image document is its own single page. `ifNoneMatch` equal to the page's
 * ETag answers `notModified` after the access check, without reading anything.
 */
export const pageImage = async (
  deps: DocumentDeps,
  verificationId: string,
  page: number,
  principal: Principal,
  ifNoneMatch?: string,
): Promise<PageImage | { notModified: true; etag: string }> => {
  const { key, pdf, etag } = await locate(deps, verificationId, page, principal);
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return { notModified: true, etag };
  if (pdf) {
    const cached = await deps.documents.getPage(key);
    if (cached) return { ...cached, etag };
  }
  const stored = await deps.documents.get(verificationId);
  if (!stored) throw noDocument(verificationId);
  if (stored.contentType !== 'application/pdf') return { ...stored, etag };
  let image: Uint8Array | undefined;
  await render(stored.bytes, [page], async (_, jpeg) => {
    image = jpeg;
    // Keeping it only saves the next render: a failed write never keeps the reviewer from the page.
    await deps.documents.putPage(key, { bytes: jpeg, contentType: 'image/jpeg' }).catch(() => undefined);
  });
  if (!image) throw new ValidationFailedError(`The document has fewer than ${page} page(s).`, [{ path: 'path.page', message: 'is past the last page' }]);
  return { bytes: image, contentType: 'image/jpeg', etag };
};

/**
 * Renders the first pages of a stored PDF ahead of a reviewer, page 1 first,
 * skipping those already kept: for a verification that goes to the review
 * queue, where it is about to be looked at. `bytes` are the document's, or
 * how to read them (the stored copy), read only when a page is missing.
 * Returns the pages rendered.
 */
export const renderPagesAhead = async (
  deps: Pick<DocumentDeps, 'documents'>,
  bytes: Uint8Array | (() => Promise<Uint8Array | undefined>),
  document: { sha256: string; contentType: string; pages: number },
  maxPages = PAGES_AHEAD,
): Promise<number[]> => {
  if (document.contentType !== 'application/pdf') return [];
  const wanted: number[] = [];
  for (let page = 1; page <= Math.min(document.pages, maxPages); page++) {
    if (!(await deps.documents.getPage({ sha256: document.sha256, page, dpi: PAGE_IMAGE_DPI }))) wanted.push(page);
  }
  if (wanted.length === 0) return [];
  const pdf = typeof bytes === 'function' ? await bytes() : bytes;
  if (!pdf) return [];
  const done: number[] = [];
  await render(pdf, wanted, async (page, jpeg) => {
    await deps.documents.putPage({ sha256: document.sha256, page, dpi: PAGE_IMAGE_DPI }, { bytes: jpeg, contentType: 'image/jpeg' });
    done.push(page);
  });
  return done;
};

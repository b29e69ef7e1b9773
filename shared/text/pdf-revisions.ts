/**
 * A text PDF's forensics (shared/intake/pdf-forensics.ts) with what only its text can
 * tell: text painted over (COVERED_TEXT) and text that an incremental update rewrote
 * (REWRITTEN_IN_UPDATE). For the second, the file's first revision (the bytes up to its
 * first %%EOF) is opened as a PDF of its own and its text layer compared, page by page,
 * with the current one, which is what a reader shows and what the fields are read from.
 * Only files with incremental updates pay for it; a first revision that does not open
 * (a damaged original, a linearized file cut oddly) is no finding.
 */
import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import type { IntakeLimits } from '#shared/intake/limits.ts';
import { analysePdfForensics, coveredTextEvidence, originalRevision, rewrittenTextEvidence } from '#shared/intake/pdf-forensics.ts';
import { withTimeout, type Deadline } from '#shared/intake/timeout.ts';
import { openPdf, type PDFDocumentProxy } from './pdf-document.ts';
import { extractPdfText } from './pdf-text.ts';
import type { TextPage } from './types.ts';

const firstRevisionPages = async (bytes: Uint8Array, limits: IntakeLimits, deadline: Deadline): Promise<TextPage[] | undefined> => {
  const original = originalRevision(bytes);
  if (!original) return undefined;
  let pdf: PDFDocumentProxy | undefined;
  try {
    pdf = await openPdf(original, { timeoutMs: deadline.remaining(), maxImagePixels: limits.maxPixels });
    return (await extractPdfText(pdf, { timeoutMs: deadline.remaining(), maxPages: limits.maxPages })).pages;
  } catch {
    return undefined;
  } finally {
    await pdf?.loadingTask.destroy().catch(() => undefined);
  }
};

export const pdfForensicsOf = async (
  bytes: Uint8Array,
  pdf: PDFDocumentProxy,
  pages: readonly TextPage[],
  options: { limits: IntakeLimits; deadline: Deadline },
): Promise<PdfForensics> => {
  const meta = await withTimeout(pdf.getMetadata(), options.deadline.remaining(), 'Reading the PDF metadata').catch(() => undefined);
  const xmp = (meta?.metadata as { getRaw?: () => unknown } | null | undefined)?.getRaw?.();
  const forensics = analysePdfForensics(bytes, {
    ...(meta?.info ? { info: meta.info as Record<string, unknown> } : {}),
    ...(typeof xmp === 'string' ? { xmp } : {}),
  });
  const covered = coveredTextEvidence(pages);
  if (covered.length > 0) forensics.coveredText = covered;
  if (forensics.incrementalUpdates > 0) {
    const before = await firstRevisionPages(bytes, options.limits, options.deadline);
    const rewritten = before ? rewrittenTextEvidence(before, pages) : [];
    if (rewritten.length > 0) forensics.rewrittenText = rewritten;
  }
  return forensics;
};

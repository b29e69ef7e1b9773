import './node-compat.ts';
import { createIsomorphicCanvasFactory, getResolvedPDFJS } from 'unpdf';
import type { PDFDocumentProxy } from 'unpdf/pdfjs';
import { CorruptPdfError, DomainError, EncryptedPdfError, TruncatedDocumentError } from '#shared/domain/errors.ts';
import { withTimeout } from '#shared/intake/timeout.ts';

export type { PDFDocumentProxy };

export interface OpenPdfOptions {
  timeoutMs: number;
  /** pdf.js skips decoding images larger than this (pixels). */
  maxImagePixels: number;
}

const canvasImport = () => import('@napi-rs/canvas');

/**
 * Opens a PDF with pdf.js (through unpdf) and the @napi-rs/canvas factory, so that the
 * same proxy serves text extraction, page rendering and metadata. The caller owns the
 * proxy and must `destroy()` it. pdf.js failures become intake errors:
 * PasswordException → EncryptedPdfError, anything else → CorruptPdfError (or
 * TruncatedDocumentError when pdf.js says the file ends early).
 */
export const openPdf = async (bytes: Uint8Array, options: OpenPdfOptions): Promise<PDFDocumentProxy> => {
  const [{ getDocument }, CanvasFactory] = await Promise.all([getResolvedPDFJS(), createIsomorphicCanvasFactory(canvasImport)]);
  // pdf.js transfers (detaches) the buffer it gets: give it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: true,
    disableFontFace: true,
    maxImageSize: options.maxImagePixels,
    stopAtErrors: false,
    verbosity: 0,
    CanvasFactory,
  });
  try {
    return await withTimeout(task.promise, options.timeoutMs, 'Opening the PDF', () => void task.destroy());
  } catch (error) {
    throw mapPdfError(error);
  }
};

/** pdf.js exceptions carry a `name`; map them to the intake errors. Domain errors pass through. */
export const mapPdfError = (error: unknown): Error => {
  if (error instanceof DomainError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new EncryptedPdfError('The PDF is password-protected. Upload it without a password.', { cause: error });
  }
  if (/unexpected end|truncat/iu.test(message)) {
    return new TruncatedDocumentError('The PDF is truncated. Upload the complete file.', { cause: error });
  }
  return new CorruptPdfError(`The PDF cannot be read: ${message.slice(0, 200)}`, { cause: error });
};

/**
 * Intake → text → fields for one document (PRODUCT.md steps 1–3): the text stage's
 * orchestration, used by the verification service (through services/read-document.ts,
 * in the sandbox), the CLI and the benchmark.
 *
 * Each thing is produced once: the text (one TextResult, whatever engine read it), the
 * QR codes (with their host and page: from the PDF's operator lists, or from the pages
 * OCR already decoded and cleaned), the PDF's forensics (white-out and rewritten text
 * included), and the fields parsed from the text. A Textract job started for SNS is a
 * result (`{ textractJob }`), not an exception.
 *
 * Time is bounded by limits.timeoutMs for the whole document, pages by limits.maxPages
 * (checked before anything is rendered), pixels by limits.maxPixels. Throws only the
 * intake errors of shared/domain/errors.ts (413/415/422) or DependencyUnavailableError (503).
 */
import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { DocumentInfo, ExtractedFields } from '#shared/domain/verification.ts';
import { parseFields } from '#shared/fields/parse-fields.ts';
import { intakeDocument } from '#shared/intake/intake.ts';
import { assertPageCount, limitsFromEnv, type IntakeLimits } from '#shared/intake/limits.ts';
import { DocumentContentTypes, type ClaimedType } from '#shared/intake/sniff.ts';
import { deadlineIn, withTimeout, type Deadline } from '#shared/intake/timeout.ts';
import { probeImage } from './image.ts';
import { ocrLocally, type LocalOcrOptions, type PageImages } from './local-ocr.ts';
import { sharedPaddle, type PaddleEngine } from './paddle.ts';
import { openPdf, type PDFDocumentProxy } from './pdf-document.ts';
import { pdfForensicsOf } from './pdf-revisions.ts';
import { pageJpeg } from './pdf-page-images.ts';
import { findPdfQrCodes } from './pdf-qr.ts';
import { extractPdfText, hasTextLayer } from './pdf-text.ts';
import { decodeQrCodes, type QrCode } from './qr.ts';
import { renderPdfPage } from './render-pdf.ts';
import { ocrEngineFromEnv, selectEngine, shouldFallBackToLocalOcr, type OcrEngineChoice } from './select-engine.ts';
import { sharedTesseract, type TesseractEngine, type TesseractLanguage } from './tesseract.ts';
import { readWithTextract, type TextractJobStarted, type TextractSetup } from './textract-read.ts';
import type { TextEngine, TextResult } from './types.ts';

export type { TextractJobStarted, TextractSetup } from './textract-read.ts';

export interface ExtractProgress {
  stage: 'render' | 'ocr';
  page: number;
  pages: number;
  engine: TextEngine;
}

export interface ExtractOptions {
  /** Default: OCR_ENGINE, else auto. */
  engine?: OcrEngineChoice;
  limits?: IntakeLimits;
  /** The uploader's filename / content type, only to tell a disguised file from an unsupported one. */
  claimed?: ClaimedType;
  /** Inject on AWS; without it, auto never picks Textract. */
  textract?: TextractSetup;
  /** Default: the process-wide shared engine (one worker). */
  tesseract?: TesseractEngine;
  /** Default: the process-wide shared PaddleOCR engine (one onnxruntime session pair). */
  paddle?: PaddleEngine;
  /** Default: TESSERACT_LANGS (e.g. "eng") or eng+chi_sim, which reads English as well as eng alone (measured). */
  tesseractLangs?: TesseractLanguage[];
  onProgress?: (event: ExtractProgress) => void;
  /** Default: parseFields of shared/fields. */
  parse?: (text: TextResult) => ExtractedFields;
  /** Render dpi for OCR of scanned PDF pages. */
  dpi?: number;
}

export interface ExtractedDocument {
  document: DocumentInfo;
  text: TextResult;
  textSource: TextEngine;
  fields: ExtractedFields;
  forensics?: PdfForensics;
  qr: Array<QrCode & { page: number }>;
}

const tesseractLangsFromEnv = (env: NodeJS.ProcessEnv = process.env): TesseractLanguage[] => {
  const langs = (env.TESSERACT_LANGS ?? '')
    .split(/[+,\s]+/u)
    .filter((l): l is TesseractLanguage => l === 'eng' || l === 'chi_sim');
  return langs.length ? langs : ['eng', 'chi_sim'];
};

interface Opened {
  pageCount: number;
  /** The text layer of a PDF. */
  pdfText?: TextResult;
  forensics?: PdfForensics;
  images: PageImages;
  pdf?: PDFDocumentProxy;
}

/**
 * A PDF: its text layer and forensics, and its pages as images on demand (a scanned
 * page's own JPEG, else a render), kept only while Textract may ask for a page twice.
 */
const openPdfDocument = async (bytes: Uint8Array, limits: IntakeLimits, deadline: Deadline, options: ExtractOptions): Promise<Opened> => {
  const pdf = await openPdf(bytes, { timeoutMs: deadline.remaining(), maxImagePixels: limits.maxPixels });
  try {
    const pageCount = pdf.numPages;
    assertPageCount(pageCount, limits);
    const pdfText = await extractPdfText(pdf, { timeoutMs: deadline.remaining(), maxPages: limits.maxPages });
    const forensics = await pdfForensicsOf(bytes, pdf, pdfText.pages, { limits, deadline });
    const keep = options.textract !== undefined;
    const rendered = new Map<number, Uint8Array>();
    const images: PageImages = {
      count: pageCount,
      get: async (n) => {
        let png = rendered.get(n);
        // A scanned page that is one full-page JPEG: its own bytes, no render.
        png ??= await withTimeout(pageJpeg(bytes, pdf, n, { maxPixels: limits.maxPixels }), deadline.remaining(), `Reading page ${n}`);
        if (!png) {
          options.onProgress?.({ stage: 'render', page: n, pages: pageCount, engine: 'pdf-text' });
          png = await renderPdfPage(pdf, n, {
            timeoutMs: deadline.remaining(),
            maxPixels: limits.maxPixels,
            ...(options.dpi ? { dpi: options.dpi } : {}),
          });
        }
        if (keep) rendered.set(n, png);
        return { bytes: png };
      },
    };
    return { pageCount, pdfText, forensics, images, pdf };
  } catch (error) {
    await pdf.loadingTask.destroy().catch(() => undefined);
    throw error;
  }
};

const openImage = async (bytes: Uint8Array, limits: IntakeLimits, deadline: Deadline): Promise<Opened> => {
  const info = await withTimeout(probeImage(bytes, limits.maxPixels), deadline.remaining(), 'Reading the image');
  assertPageCount(info.pages, limits);
  const pageCount = info.pages;
  return { pageCount, images: { count: pageCount, get: (n) => Promise.resolve(pageCount > 1 ? { bytes, page: n - 1 } : { bytes }) } };
};

/** QR codes on page images that OCR did not prepare (Textract read them): pages in order until one carries a code. */
const qrOnImages = async (images: PageImages, limits: IntakeLimits, deadline: Deadline): Promise<ExtractedDocument['qr']> => {
  for (let n = 1; n <= images.count; n++) {
    const img = await images.get(n);
    const codes = await withTimeout(
      decodeQrCodes(img.bytes, { maxPixels: limits.maxPixels, ...(img.page === undefined ? {} : { page: img.page }) }),
      deadline.remaining(),
      `Decoding QR codes on page ${n}`,
    );
    if (codes.length > 0) return codes.map((code) => ({ ...code, page: n }));
  }
  return [];
};

/**
 * Reads one document. With `textract.notify` (an upload on AWS, several pages) the
 * result may be a started Textract job instead: its completion reads the document again.
 */
export async function extractDocument(bytes: Uint8Array, options?: ExtractOptions & { textract?: Omit<TextractSetup, 'notify'> }): Promise<ExtractedDocument>;
export async function extractDocument(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument | TextractJobStarted>;
export async function extractDocument(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument | TextractJobStarted> {
  const limits = options.limits ?? limitsFromEnv();
  const intake = intakeDocument(bytes, { limits, ...(options.claimed ? { claimed: options.claimed } : {}) });
  const deadline = deadlineIn(limits.timeoutMs);
  const choice = options.engine ?? ocrEngineFromEnv();
  const isPdf = intake.contentType === DocumentContentTypes.pdf;
  const opened = isPdf ? await openPdfDocument(bytes, limits, deadline, options) : await openImage(bytes, limits, deadline);
  try {
    const { pageCount, pdfText, images, pdf } = opened;
    const engine = selectEngine({
      choice,
      isPdf,
      hasTextLayer: pdfText !== undefined && hasTextLayer(pdfText),
      textractAvailable: options.textract !== undefined,
    });
    const local = (which: LocalOcrOptions['engine']) =>
      ocrLocally(images, {
        engine: which,
        paddle: options.paddle ?? sharedPaddle(),
        tesseract: options.tesseract ?? sharedTesseract(),
        tesseractLangs: options.tesseractLangs ?? tesseractLangsFromEnv(),
        limits,
        deadline,
        qr: true,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });

    let text: TextResult;
    let qr: ExtractedDocument['qr'] | undefined;
    if (engine === 'pdf-text') {
      text = pdfText ?? { engine: 'pdf-text', pages: [], keyValues: [] };
    } else if (engine === 'textract') {
      if (!options.textract) throw new DependencyUnavailableError('textract', 'Textract was requested but no Textract client is configured');
      let read: TextResult | TextractJobStarted;
      try {
        read = await readWithTextract(bytes, intake.sha256, images, options.textract, {
          singlePageBytesOk: isPdf || pageCount <= 1,
          deadline,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
      } catch (error) {
        // auto: Textract being down is no reason to fail a document the local engines can read.
        if (choice !== 'auto' || !(error instanceof DependencyUnavailableError)) throw error;
        read = { engine: 'textract', pages: [], keyValues: [] };
      }
      if ('textractJob' in read) return read;
      text = read;
      // What Textract could not read (Chinese, a photo, an outage) the better local engine reads.
      if (choice === 'auto' && shouldFallBackToLocalOcr(text)) ({ text, qr } = await local('auto'));
    } else {
      ({ text, qr } = await local(choice === 'auto' ? 'auto' : engine));
    }

    // QR codes: from the PDF's operator lists (vector and embedded-image codes), else the pages OCR prepared.
    qr ??= pdf && engine === 'pdf-text'
      ? await findPdfQrCodes(pdf, { pages: Math.min(pageCount, limits.maxPages), maxPixels: limits.maxPixels, deadline })
      : await qrOnImages(images, limits, deadline);

    const fields = (options.parse ?? parseFields)(text);
    const first = qr[0];
    if (first) {
      fields.qr = { value: first.host ? { payload: first.payload, host: first.host } : { payload: first.payload }, confidence: 1, source: { page: first.page } };
    }
    return {
      document: { sha256: intake.sha256, contentType: intake.contentType, pages: pageCount, sizeBytes: intake.sizeBytes },
      text,
      textSource: text.engine,
      fields,
      qr,
      ...(opened.forensics ? { forensics: opened.forensics } : {}),
    };
  } finally {
    if (opened.pdf) await opened.pdf.loadingTask.destroy().catch(() => undefined);
  }
}

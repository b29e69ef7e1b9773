import type { TextractClient } from '@aws-sdk/client-textract';
import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import { DependencyUnavailableError, TextractJobStartedError } from '#shared/domain/errors.ts';
import type { DocumentInfo, ExtractedFields } from '#shared/domain/verification.ts';
import { parseFields } from '#shared/fields/parse-fields.ts';
import { intakeDocument } from '#shared/intake/intake.ts';
import { assertPageCount, limitsFromEnv, type IntakeLimits } from '#shared/intake/limits.ts';
import { analysePdfForensics } from '#shared/intake/pdf-forensics.ts';
import { DocumentContentTypes, type ClaimedType } from '#shared/intake/sniff.ts';
import { deadlineIn, withTimeout, type Deadline } from '#shared/intake/timeout.ts';
import type { TextResultCache } from '#shared/store/textract-result-cache.ts';
import { BLANK_INK_RATIO, preprocessForOcr, probeImage } from '#shared/text/image.ts';
import { openPdf, type PDFDocumentProxy } from '#shared/text/pdf-document.ts';
import { extractPdfText, hasTextLayer } from '#shared/text/pdf-text.ts';
import { findPdfQrCodes } from '#shared/text/pdf-qr.ts';
import { decodeQrCodes, type QrCode } from '#shared/text/qr.ts';
import { pageJpeg } from '#shared/text/pdf-page-images.ts';
import { renderPdfPage } from '#shared/text/render-pdf.ts';
import {
  ocrEngineFromEnv,
  selectEngine,
  shouldFallBackToTesseract,
  type OcrEngineChoice,
} from '#shared/text/select-engine.ts';
import { PageSegModes, sharedTesseract, type TesseractEngine, type TesseractLanguage } from '#shared/text/tesseract.ts';
import {
  startTextractJob,
  textractDetectBytes,
  textractFeaturesFromEnv,
  waitForTextractJob,
  type S3DocumentRef,
  type TextractFeature,
} from '#shared/text/textract.ts';
import type { TextEngine, TextPage, TextResult } from '#shared/text/types.ts';

export interface TextractSetup {
  client: TextractClient;
  /** sha256 → stored result: the same bytes never go to Textract twice. */
  cache?: TextResultCache;
  features?: TextractFeature[];
  /** Where the document already lies in S3: multi-page documents then go through the async Start…/Get… API. */
  s3Object?: S3DocumentRef;
  /**
   * With an S3 object: publish the job's completion to SNS instead of polling
   * for it. The job is started and TextractJobStartedError thrown; the
   * completion function stores the result in the cache and reads again.
   */
  notify?: { snsTopicArn: string; roleArn: string; jobTag: string };
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

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

/** A page image source, rendered or decoded lazily, once. */
interface PageImages {
  count: number;
  /** PNG/JPEG/TIFF bytes of page n (1-based), plus the TIFF page index for sharp. */
  get(n: number): Promise<{ bytes: Uint8Array; page?: number }>;
}

/** QR codes on a text PDF: vector-drawn and embedded-image codes from the operator lists; a render only for pages with unreadable graphics. */
const pdfQrCodes = (pdf: PDFDocumentProxy, pages: number, limits: IntakeLimits, deadline: Deadline) =>
  findPdfQrCodes(pdf, { pages, maxPixels: limits.maxPixels, deadline });

const ocrWithTesseract = async (
  images: PageImages,
  options: { engine: TesseractEngine; langs: TesseractLanguage[]; limits: IntakeLimits; deadline: Deadline; onProgress?: ExtractOptions['onProgress'] },
): Promise<TextResult> => {
  const pages: TextPage[] = [];
  for (let n = 1; n <= images.count; n++) {
    options.onProgress?.({ stage: 'ocr', page: n, pages: images.count, engine: 'tesseract' });
    const { bytes, page } = await images.get(n);
    const prepared = await withTimeout(
      preprocessForOcr(bytes, { maxPixels: options.limits.maxPixels, ...(page === undefined ? {} : { page }) }),
      options.deadline.remaining(),
      `Preparing page ${n}`,
    );
    // A blank page (e.g. the back of a sheet) has nothing to read: no OCR.
    if (prepared.inkRatio < BLANK_INK_RATIO) {
      pages.push({ pageNumber: n, lines: [] });
      continue;
    }
    // auto: on the corpus 79/80 fields against 78/80 for singleColumn, measured.
    const { page: text } = await options.engine.recognize(prepared.png, {
      langs: options.langs,
      pageNumber: n,
      psm: PageSegModes.auto,
      timeoutMs: options.deadline.remaining(),
    });
    pages.push(text);
  }
  return { engine: 'tesseract', pages, keyValues: [] };
};

const ocrWithTextract = async (
  bytes: Uint8Array,
  sha256: string,
  images: PageImages,
  setup: TextractSetup,
  options: { singlePageBytesOk: boolean; deadline: Deadline; onProgress?: ExtractOptions['onProgress'] },
): Promise<TextResult> => {
  const cached = await setup.cache?.get(sha256);
  if (cached) return cached;
  const textract = {
    client: setup.client,
    features: setup.features ?? textractFeaturesFromEnv(),
  };
  let result: TextResult;
  if (images.count <= 1 && options.singlePageBytesOk) {
    options.onProgress?.({ stage: 'ocr', page: 1, pages: 1, engine: 'textract' });
    result = await textractDetectBytes(bytes, textract);
  } else if (setup.s3Object && setup.notify) {
    const job = await startTextractJob(setup.s3Object, {
      ...textract,
      clientRequestToken: sha256.slice(0, 64),
      jobTag: setup.notify.jobTag,
      notificationChannel: { snsTopicArn: setup.notify.snsTopicArn, roleArn: setup.notify.roleArn },
    });
    throw new TextractJobStartedError(job);
  } else if (setup.s3Object) {
    const job = await startTextractJob(setup.s3Object, { ...textract, clientRequestToken: sha256.slice(0, 64) });
    result = await waitForTextractJob(job, {
      ...textract,
      maxWaitMs: options.deadline.remaining(),
      ...(setup.pollIntervalMs === undefined ? {} : { pollIntervalMs: setup.pollIntervalMs }),
      ...(setup.sleep ? { sleep: setup.sleep } : {}),
    });
  } else {
    // No S3 object: one sync call per page image (the same price per page as the async API).
    const pages: TextPage[] = [];
    const keyValues: TextResult['keyValues'] = [];
    for (let n = 1; n <= images.count; n++) {
      options.onProgress?.({ stage: 'ocr', page: n, pages: images.count, engine: 'textract' });
      const { bytes: pageBytes } = await images.get(n);
      const one = await textractDetectBytes(pageBytes, textract);
      pages.push({ pageNumber: n, lines: one.pages.flatMap((p) => p.lines) });
      keyValues.push(...one.keyValues.map((kv) => ({ ...kv, pageNumber: n })));
    }
    result = { engine: 'textract', pages, keyValues };
  }
  await setup.cache?.put(sha256, 'textract', result).catch(() => undefined);
  return result;
};

/**
 * Intake → text → fields for one document (PRODUCT.md steps 1–3). Used by the CLI and
 * the verification service. Time is bounded by limits.timeoutMs for the whole document,
 * pages by limits.maxPages (checked before anything is rendered), pixels by limits.maxPixels.
 * Throws only the intake errors of shared/domain/errors.ts (413/415/422) or
 * DependencyUnavailableError (503).
 */
export const extractDocument = async (bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> => {
  const limits = options.limits ?? limitsFromEnv();
  const intake = intakeDocument(bytes, { limits, ...(options.claimed ? { claimed: options.claimed } : {}) });
  const deadline = deadlineIn(limits.timeoutMs);
  const choice = options.engine ?? ocrEngineFromEnv();
  const tesseract = options.tesseract ?? sharedTesseract();
  const langs = options.tesseractLangs ?? tesseractLangsFromEnv();
  const parse = options.parse ?? parseFields;
  const isPdf = intake.contentType === DocumentContentTypes.pdf;

  let pdf: PDFDocumentProxy | undefined;
  try {
    let pageCount: number;
    let pdfText: TextResult | undefined;
    let forensics: PdfForensics | undefined;
    let images: PageImages;
    const rendered = new Map<number, Uint8Array>();

    if (isPdf) {
      const opened = await openPdf(bytes, { timeoutMs: deadline.remaining(), maxImagePixels: limits.maxPixels });
      pdf = opened;
      pageCount = opened.numPages;
      assertPageCount(pageCount, limits);
      const meta = await withTimeout(opened.getMetadata(), deadline.remaining(), 'Reading the PDF metadata').catch(() => undefined);
      const xmp = (meta?.metadata as { getRaw?: () => unknown } | null | undefined)?.getRaw?.();
      forensics = analysePdfForensics(bytes, {
        ...(meta?.info ? { info: meta.info as Record<string, unknown> } : {}),
        ...(typeof xmp === 'string' ? { xmp } : {}),
      });
      pdfText = await extractPdfText(opened, { timeoutMs: deadline.remaining(), maxPages: limits.maxPages });
      images = {
        count: pageCount,
        get: async (n) => {
          let png = rendered.get(n);
          if (!png) {
            // A scanned page that is one full-page JPEG: its own bytes, no render.
            png = await withTimeout(pageJpeg(bytes, opened, n, { maxPixels: limits.maxPixels }), deadline.remaining(), `Reading page ${n}`);
          }
          if (!png) {
            options.onProgress?.({ stage: 'render', page: n, pages: pageCount, engine: 'tesseract' });
            png = await renderPdfPage(opened, n, {
              timeoutMs: deadline.remaining(),
              maxPixels: limits.maxPixels,
              ...(options.dpi ? { dpi: options.dpi } : {}),
            });
          }
          rendered.set(n, png);
          return { bytes: png };
        },
      };
    } else {
      const info = await withTimeout(probeImage(bytes, limits.maxPixels), deadline.remaining(), 'Reading the image');
      pageCount = info.pages;
      assertPageCount(pageCount, limits);
      images = {
        count: pageCount,
        get: (n) => Promise.resolve(pageCount > 1 ? { bytes, page: n - 1 } : { bytes }),
      };
    }

    const engine = selectEngine({
      choice,
      isPdf,
      hasTextLayer: pdfText !== undefined && hasTextLayer(pdfText),
      textractAvailable: options.textract !== undefined,
    });

    let text: TextResult;
    if (engine === 'pdf-text') {
      text = pdfText ?? { engine: 'pdf-text', pages: [], keyValues: [] };
    } else if (engine === 'textract') {
      if (!options.textract) throw new DependencyUnavailableError('textract', 'Textract was requested but no Textract client is configured');
      const tiffPages = !isPdf && pageCount > 1;
      try {
        text = await ocrWithTextract(bytes, intake.sha256, images, options.textract, {
          singlePageBytesOk: !tiffPages,
          deadline,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
      } catch (error) {
        // auto: Textract being down is no reason to fail a document tesseract can read.
        if (choice !== 'auto' || !(error instanceof DependencyUnavailableError)) throw error;
        text = { engine: 'textract', pages: [], keyValues: [] };
      }
      if (choice === 'auto' && shouldFallBackToTesseract(text)) {
        text = await ocrWithTesseract(images, { engine: tesseract, langs, limits, deadline, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      }
    } else {
      text = await ocrWithTesseract(images, { engine: tesseract, langs, limits, deadline, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    }

    // QR codes: the rendered pages when OCR rendered them, the images themselves, else embedded PDF images.
    const qr: ExtractedDocument['qr'] = [];
    if (isPdf && pdf && rendered.size === 0) {
      qr.push(...(await pdfQrCodes(pdf, Math.min(pageCount, limits.maxPages), limits, deadline)));
    } else {
      // Pages in order until one carries a code: reports print their QR code on
      // the cover, and a page without one costs every decoding width (~1 s).
      for (let n = 1; n <= pageCount && qr.length === 0; n++) {
        const img = isPdf ? { bytes: rendered.get(n) } : await images.get(n);
        if (!img.bytes) continue;
        const codes = await withTimeout(
          decodeQrCodes(img.bytes, { maxPixels: limits.maxPixels, ...('page' in img && img.page !== undefined ? { page: img.page } : {}) }),
          deadline.remaining(),
          `Decoding QR codes on page ${n}`,
        );
        for (const code of codes) qr.push({ ...code, page: n });
      }
    }

    const fields = parse(text);
    const first = qr[0];
    if (first) {
      fields.qr = {
        value: first.host ? { payload: first.payload, host: first.host } : { payload: first.payload },
        confidence: 1,
        source: { page: first.page },
      };
    }
    const result: ExtractedDocument = {
      document: { sha256: intake.sha256, contentType: intake.contentType, pages: pageCount, sizeBytes: intake.sizeBytes },
      text,
      textSource: text.engine,
      fields,
      qr,
    };
    if (forensics) result.forensics = forensics;
    return result;
  } finally {
    if (pdf) await pdf.loadingTask.destroy().catch(() => undefined);
  }
};

/**
 * OCR on this machine (no Textract): each page image is prepared (image.ts) and read by
 * PaddleOCR or tesseract. `auto` reads the first page with LOCAL_DEFAULT (PaddleOCR, which
 * reads both scripts), then the document with its language's better engine
 * (LOCAL_ENGINE_BY_LANGUAGE, measured by bench/extraction.ts), and falls back to the other
 * when that one is not available (onnxruntime cannot load) or reads next to nothing on a page.
 */
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { IntakeLimits } from '#shared/intake/limits.ts';
import { withTimeout, type Deadline } from '#shared/intake/timeout.ts';
import { BLANK_INK_RATIO, prepareOcrPage } from './image.ts';
import type { PaddleEngine } from './paddle.ts';
import { decodeQrGray, type QrCode } from './qr.ts';
import {
  LOCAL_DEFAULT,
  LOCAL_ENGINE_BY_LANGUAGE,
  otherLocalEngine,
  pageLanguage,
  SPARSE_CHARS_PER_PAGE,
  textStats,
  type LocalOcrEngine,
  type PageLanguage,
} from './select-engine.ts';
import { PageSegModes, type TesseractEngine, type TesseractLanguage } from './tesseract.ts';
import type { TextEngine, TextPage, TextResult } from './types.ts';

/** A page image source, rendered or decoded lazily, once. */
export interface PageImages {
  count: number;
  /** PNG/JPEG/TIFF bytes of page n (1-based), plus the TIFF page index for sharp. */
  get(n: number): Promise<{ bytes: Uint8Array; page?: number }>;
}

export interface LocalOcrOptions {
  /** An explicit engine, or auto (LOCAL_DEFAULT, then the other). */
  engine: LocalOcrEngine | 'auto';
  paddle: PaddleEngine;
  tesseract: TesseractEngine;
  tesseractLangs: TesseractLanguage[];
  limits: IntakeLimits;
  deadline: Deadline;
  onProgress?: (event: { stage: 'ocr'; page: number; pages: number; engine: TextEngine }) => void;
  /**
   * Decode QR codes on each prepared page until a page carries one (reports print theirs
   * on the cover): the page is decoded and cleaned once, for the text and the codes.
   */
  qr?: boolean;
  /** Default LOCAL_ENGINE_BY_LANGUAGE. */
  byLanguage?: Readonly<Record<PageLanguage, LocalOcrEngine>>;
}

export interface LocalOcrResult {
  text: TextResult;
  /** The QR codes found (with `qr: true`), with their page. */
  qr: Array<QrCode & { page: number }>;
}

interface PageReading {
  text: TextPage;
  /** Nothing on the page to read (no OCR ran). */
  blank: boolean;
  qr: QrCode[];
}

const readPage = async (
  engine: LocalOcrEngine,
  bytes: Uint8Array,
  page: number | undefined,
  n: number,
  options: LocalOcrOptions,
  qr: boolean,
): Promise<PageReading> => {
  const prepared = await withTimeout(
    prepareOcrPage(bytes, { maxPixels: options.limits.maxPixels, engine, ...(page === undefined ? {} : { page }) }),
    options.deadline.remaining(),
    `Preparing page ${n}`,
  );
  // A blank page (e.g. the back of a sheet) has nothing to read: no OCR.
  if (prepared.inkRatio < BLANK_INK_RATIO) return { text: { pageNumber: n, lines: [] }, blank: true, qr: [] };
  // The QR decoder (JavaScript, this thread) runs while onnxruntime reads the page on its own threads.
  const decoding = qr ? withTimeout(decodeQrGray(prepared.gray), options.deadline.remaining(), `Decoding QR codes on page ${n}`) : Promise.resolve([]);
  if (engine === 'paddle') {
    const [{ page: text }, codes] = await Promise.all([options.paddle.recognize(prepared.gray, { pageNumber: n, timeoutMs: options.deadline.remaining() }), decoding]);
    return { text: withInk(text, prepared.redInkRemoved), blank: false, qr: codes };
  }
  // auto: on the corpus 79/80 fields against 78/80 for singleColumn, measured. tesseract.js reads on its worker thread.
  const [{ page: text }, codes] = await Promise.all([
    options.tesseract.recognize(prepared.png ?? new Uint8Array(), { langs: options.tesseractLangs, pageNumber: n, psm: PageSegModes.auto, timeoutMs: options.deadline.remaining() }),
    decoding,
  ]);
  return { text: withInk(text, prepared.redInkRemoved), blank: false, qr: codes };
};

const withInk = (page: TextPage, redInkRemoved: boolean): TextPage => (redInkRemoved ? { ...page, redInkRemoved } : page);

const characters = (page: TextPage): number => textStats({ engine: 'paddle', pages: [page], keyValues: [] }).characters;

/**
 * Reads every page. The result's engine is the one that read the most pages (a fallback
 * page or two does not rename the source); each page says nothing of its engine.
 */
export const ocrLocally = async (images: PageImages, options: LocalOcrOptions): Promise<LocalOcrResult> => {
  const pages: TextPage[] = [];
  const qr: LocalOcrResult['qr'] = [];
  const used: Record<LocalOcrEngine, number> = { paddle: 0, tesseract: 0 };
  let first: LocalOcrEngine = options.engine === 'auto' ? LOCAL_DEFAULT : options.engine;
  let unavailable: LocalOcrEngine | undefined;
  let languageKnown = options.engine !== 'auto';
  for (let n = 1; n <= images.count; n++) {
    let engine: LocalOcrEngine = unavailable === first ? otherLocalEngine(first) : first;
    options.onProgress?.({ stage: 'ocr', page: n, pages: images.count, engine });
    const { bytes, page } = await images.get(n);
    const wantQr = options.qr === true && qr.length === 0;
    let reading: PageReading;
    try {
      reading = await readPage(engine, bytes, page, n, options, wantQr);
    } catch (error) {
      if (options.engine !== 'auto' || !(error instanceof DependencyUnavailableError) || options.deadline.remaining() <= 0) throw error;
      unavailable = engine;
      engine = otherLocalEngine(engine);
      reading = await readPage(engine, bytes, page, n, options, wantQr);
    }
    qr.push(...reading.qr.map((code) => ({ ...code, page: n })));
    // A page with ink that the first engine read next to nothing of: the other one tries.
    if (options.engine === 'auto' && engine === first && !reading.blank && characters(reading.text) < SPARSE_CHARS_PER_PAGE) {
      const again = await readPage(otherLocalEngine(engine), bytes, page, n, options, false);
      if (characters(again.text) > characters(reading.text)) {
        reading = again;
        engine = otherLocalEngine(engine);
      }
    }
    // auto: the first page read tells the language; its better engine reads the document (this page again).
    if (!languageKnown && !reading.blank) {
      const language = pageLanguage({ engine, pages: [reading.text], keyValues: [] });
      languageKnown = language !== undefined;
      const better = language === undefined ? engine : (options.byLanguage ?? LOCAL_ENGINE_BY_LANGUAGE)[language];
      if (better !== engine && unavailable !== better) {
        first = better;
        try {
          const again = await readPage(better, bytes, page, n, options, false);
          if (characters(again.text) >= SPARSE_CHARS_PER_PAGE) {
            reading = again;
            engine = better;
          }
        } catch (error) {
          if (!(error instanceof DependencyUnavailableError) || options.deadline.remaining() <= 0) throw error;
          unavailable = better;
          first = engine;
        }
      }
    }
    used[engine]++;
    pages.push(reading.text);
  }
  const engine: LocalOcrEngine = used.tesseract > used.paddle ? 'tesseract' : used.paddle > 0 ? 'paddle' : first;
  return { text: { engine, pages, keyValues: [] }, qr };
};

import type { TextEngine, TextResult } from './types.ts';

/** `OCR_ENGINE` / `--engine`: which text source to use. */
export const OcrEngineChoices = ['auto', 'pdf-text', 'paddle', 'tesseract', 'textract'] as const;
export type OcrEngineChoice = (typeof OcrEngineChoices)[number];

export const isOcrEngineChoice = (s: string): s is OcrEngineChoice => (OcrEngineChoices as readonly string[]).includes(s);

export const LocalOcrEngines = ['paddle', 'tesseract'] as const;
export type LocalOcrEngine = (typeof LocalOcrEngines)[number];

/**
 * The local engine that reads a document's first page. PaddleOCR's PP-OCR model reads
 * Chinese and English in one dictionary, so it reads the first page whatever the language;
 * the language found there then picks the engine for the rest (LOCAL_ENGINE_BY_LANGUAGE).
 */
export const LOCAL_DEFAULT: LocalOcrEngine = 'paddle';
export const otherLocalEngine = (engine: LocalOcrEngine): LocalOcrEngine => (engine === 'paddle' ? 'tesseract' : 'paddle');

export type PageLanguage = 'en' | 'zh';

/**
 * The better local engine per language, from `npm run bench:extraction` on the degraded
 * corpus (README, "Extraction benchmark"); the other engine is the fallback. Measured
 * 2026-12-02 on the same degraded files: Chinese PaddleOCR 196/204 fields, tesseract
 * 173/204; English a tie (tesseract 512/529, PaddleOCR 510/529), where PaddleOCR, which
 * has already read the first page, saves a second reading of every page.
 */
export const LOCAL_ENGINE_BY_LANGUAGE: Readonly<Record<PageLanguage, LocalOcrEngine>> = { en: 'paddle', zh: 'paddle' };

/** A page with this share of CJK characters or more is Chinese (a Chinese report prints Latin numbers and codes too). */
const CHINESE_SHARE = 0.1;

/** The language of a read page: Chinese when CJK characters are a tenth of it or more. */
export const pageLanguage = (result: TextResult): PageLanguage | undefined => {
  const stats = textStats(result);
  if (stats.characters < SPARSE_CHARS_PER_PAGE) return undefined;
  return stats.cjkCharacters / stats.characters >= CHINESE_SHARE ? 'zh' : 'en';
};

/** Reads OCR_ENGINE; unset or unknown → auto. */
export const ocrEngineFromEnv = (env: NodeJS.ProcessEnv = process.env): OcrEngineChoice => {
  const raw = (env.OCR_ENGINE ?? '').trim().toLowerCase();
  return isOcrEngineChoice(raw) ? raw : 'auto';
};

/** On AWS (Lambda) Textract is the OCR of choice for English; locally there is no Textract. */
export const isAwsRuntime = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.AWS_LAMBDA_FUNCTION_NAME || env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda'));

export interface EngineContext {
  choice: OcrEngineChoice;
  isPdf: boolean;
  /** The PDF has a usable text layer (see hasTextLayer). */
  hasTextLayer: boolean;
  /** A Textract client was injected (on AWS, or when asked for explicitly). */
  textractAvailable: boolean;
}

/**
 * The first engine to run.
 * - an explicit choice is honoured (pdf-text on an image yields no text);
 * - auto: the text layer when the PDF has one (no OCR, no cost); otherwise Textract
 *   when it is available, else the local default (LOCAL_DEFAULT, local-ocr.ts, which
 *   falls back to the other local engine). Textract reads English only, so after it
 *   runs, `shouldFallBackToLocalOcr` decides whether the local engines read again.
 */
export const selectEngine = (ctx: EngineContext): TextEngine => {
  if (ctx.choice !== 'auto') return ctx.choice;
  if (ctx.isPdf && ctx.hasTextLayer) return 'pdf-text';
  return ctx.textractAvailable ? 'textract' : LOCAL_DEFAULT;
};

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/gu;

export interface TextStats {
  characters: number;
  cjkCharacters: number;
  /** mean line confidence 0..1 */
  meanConfidence: number;
}

export const textStats = (result: TextResult): TextStats => {
  let characters = 0;
  let cjkCharacters = 0;
  let confidence = 0;
  let lines = 0;
  for (const page of result.pages) {
    for (const line of page.lines) {
      const compact = line.text.replace(/\s+/gu, '');
      characters += compact.length;
      cjkCharacters += compact.match(CJK)?.length ?? 0;
      confidence += line.confidence;
      lines++;
    }
  }
  return { characters, cjkCharacters, meanConfidence: lines ? confidence / lines : 0 };
};

/** Fewer characters per page than this after Textract means it could not read the page (Chinese, handwriting, a photo). */
export const SPARSE_CHARS_PER_PAGE = 40;

/**
 * On AWS we cannot know the language before OCR. Textract's DetectDocumentText reads
 * English; on a Chinese report it returns little text, stray CJK, or low confidence.
 * Any of those → read the pages again locally (PaddleOCR, which reads Chinese).
 */
export const shouldFallBackToLocalOcr = (textract: TextResult): boolean => {
  const stats = textStats(textract);
  const pages = Math.max(1, textract.pages.length);
  if (stats.characters / pages < SPARSE_CHARS_PER_PAGE) return true;
  if (stats.cjkCharacters > 0 && stats.cjkCharacters / stats.characters >= 0.02) return true;
  return stats.meanConfidence < 0.6;
};

import sharp, { type Sharp } from 'sharp';
import { CorruptImageError, DocumentTooLargeError, DomainError } from '#shared/domain/errors.ts';
import { binarise, estimateSkew, inkRatio, inkThreshold, removeRules, type GrayImage } from './scan-cleanup.ts';

/** sharp fails on hostile input instead of decoding it halfway; pixel bomb → 413. */
export const mapImageError = (error: unknown): Error => {
  if (error instanceof DomainError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/iu.test(message)) {
    return new DocumentTooLargeError('The image has more pixels than we process.', { cause: error });
  }
  return new CorruptImageError(`The image cannot be decoded: ${message.slice(0, 200)}`, { cause: error });
};

export const sharpFor = (input: Uint8Array, maxPixels: number, page?: number): Sharp =>
  sharp(input, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true, ...(page === undefined ? {} : { page }) });

export interface ImageInfo {
  width: number;
  height: number;
  /** TIFFs may have several pages */
  pages: number;
}

/** Reads the header and checks that the whole image decodes (a truncated body fails here). */
export const probeImage = async (input: Uint8Array, maxPixels: number): Promise<ImageInfo> => {
  try {
    const meta = await sharpFor(input, maxPixels).metadata();
    if (!meta.width || !meta.height) throw new CorruptImageError('The image has no dimensions.');
    if (meta.width * meta.height > maxPixels) throw new DocumentTooLargeError('The image has more pixels than we process.');
    return { width: meta.width, height: meta.height, pages: meta.pages ?? 1 };
  } catch (error) {
    throw mapImageError(error);
  }
};

export interface PreprocessOptions {
  maxPixels: number;
  /** TIFF page, 0-based */
  page?: number;
  /** Scans narrower than this are upscaled to `targetWidth` (tesseract wants ~30–40 px CJK characters; 300 dpi A4 is 2480 px). */
  minWidth?: number;
  /** Scans wider than this are downscaled to `targetWidth`. */
  maxWidth?: number;
  /** The width that small and huge scans are resampled to (default 2480, 300-dpi A4). */
  targetWidth?: number;
  /** Estimate and correct skew up to ±5° (default true). */
  deskew?: boolean;
  /** Remove table rules and frames (default true). */
  removeRules?: boolean;
}

export interface PreparedImage {
  png: Buffer;
  width: number;
  height: number;
  skewDegrees: number;
  /** Share of the cleaned page that is ink; below BLANK_INK_RATIO there is nothing to read. */
  inkRatio: number;
}

/**
 * A 300-dpi page (2480 px A4, 2550 px Letter) is OCRed as it is: resampling it to 1800 px
 * shrank CJK characters to ~25 px and cost Chinese fields (corpus, auto page segmentation:
 * 79/80 fields at native size against 76/80 at 1800 and 75/80 at 2200 px, measured).
 */
export const DEFAULT_MIN_OCR_WIDTH = 2000;
export const DEFAULT_MAX_OCR_WIDTH = 2800;
export const DEFAULT_TARGET_OCR_WIDTH = 2480;
/** Upscaling stops here so a tiny image does not become a huge one. */
const MAX_UPSCALE = 3;
/** Skew below this is left alone. */
const MIN_SKEW = 0.15;
/** Less ink than this (0.02 %: a few specks) after clean-up is a blank page. */
export const BLANK_INK_RATIO = 0.0002;

const toGray = async (pipeline: Sharp): Promise<GrayImage> => {
  const { data, info } = await pipeline.grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
};

const rawSharp = (img: GrayImage, maxPixels: number): Sharp =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 }, limitInputPixels: maxPixels });

export interface GrayPage {
  gray: GrayImage;
  skewDegrees: number;
}

/**
 * The page as 8-bit grayscale, upright and straight, at an OCR-friendly width: EXIF
 * orientation, alpha on white, skew estimated by projection profile on a 700-px thumbnail
 * and corrected in the same pass that decodes the page, and resampling only of scans far
 * from 300 dpi. What both local engines start from.
 */
export const prepareGrayPage = async (input: Uint8Array, options: PreprocessOptions): Promise<GrayPage> => {
  const meta = await sharpFor(input, options.maxPixels, options.page).metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const minWidth = options.minWidth ?? DEFAULT_MIN_OCR_WIDTH;
  const maxWidth = Math.max(minWidth, options.maxWidth ?? DEFAULT_MAX_OCR_WIDTH);
  const target = Math.min(maxWidth, Math.max(minWidth, options.targetWidth ?? DEFAULT_TARGET_OCR_WIDTH));
  const page = () => sharpFor(input, options.maxPixels, options.page).autoOrient().flatten({ background: '#ffffff' }).grayscale();

  let skewDegrees = 0;
  if (options.deskew ?? true) {
    const small = await toGray(page().resize({ width: Math.min(700, width || 700) }));
    skewDegrees = estimateSkew(binarise(small, inkThreshold(small)));
  }
  let pipeline = page();
  if (Math.abs(skewDegrees) >= MIN_SKEW) pipeline = pipeline.rotate(-skewDegrees, { background: '#ffffff' });
  if (width > 0 && width < minWidth) {
    pipeline = pipeline.resize({ width: Math.round(width * Math.min(MAX_UPSCALE, target / width)), kernel: 'lanczos3' });
  } else if (width > maxWidth) {
    pipeline = pipeline.resize({ width: target, kernel: 'lanczos3' });
  }
  return { gray: await toGray(pipeline), skewDegrees };
};

/**
 * Prepares a page image for tesseract (each step measured on the generated 300-dpi scans of
 * the corpus, see bench/extraction.ts): prepareGrayPage, then Otsu binarisation with a
 * fallback for nearly blank pages, and removal of table rules — the rules are what made
 * tesseract drop whole cells.
 *
 * No contrast stretch (`normalise`): Otsu does not need it, and on a page with < 1 % ink it
 * stretched the paper grain until Otsu marked ~40 % of the page as ink.
 */
export const preprocessForOcr = async (input: Uint8Array, options: PreprocessOptions): Promise<PreparedImage> => {
  const page = await prepareOcrPage(input, { ...options, engine: 'tesseract' });
  return { png: page.png ?? Buffer.alloc(0), width: page.gray.width, height: page.gray.height, skewDegrees: page.skewDegrees, inkRatio: page.inkRatio };
};

export interface OcrPage {
  /** The grayscale page (what PaddleOCR reads). */
  gray: GrayImage;
  /** The binarised page without table rules, as PNG (what tesseract reads); tesseract only. */
  png?: Buffer;
  skewDegrees: number;
  /** Share of the page that is ink; below BLANK_INK_RATIO there is nothing to read. */
  inkRatio: number;
}

/** The page as the chosen engine reads it. */
export const prepareOcrPage = async (input: Uint8Array, options: PreprocessOptions & { engine: 'paddle' | 'tesseract' }): Promise<OcrPage> => {
  try {
    const { gray, skewDegrees } = await prepareGrayPage(input, options);
    let bin = binarise(gray, inkThreshold(gray));
    if (options.engine === 'paddle') return { gray, skewDegrees, inkRatio: inkRatio(bin) };
    // No despeckling: libvips' median(3) cost ~0.5 s a page, and a 3×3 majority filter of the
    // binary page eroded strokes (J read as I; 75/80 fields against 79/80 without, measured).
    if (options.removeRules ?? true) {
      bin = removeRules(bin, Math.max(40, Math.round(bin.width * 0.04)), Math.max(40, Math.round(bin.height * 0.03)));
    }
    const png = await rawSharp(bin, options.maxPixels).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
    return { gray, png, skewDegrees, inkRatio: inkRatio(bin) };
  } catch (error) {
    throw mapImageError(error);
  }
};

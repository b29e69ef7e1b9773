import sharp, { type Sharp } from 'sharp';
import { CorruptImageError, DocumentTooLargeError, DomainError } from '#shared/domain/errors.ts';
import { divideByBackground, findPage, grayWithoutRed, maxFilter, warpToRectangle, type Quad } from './photo.ts';
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

/**
 * Decoding fails on libvips warnings too: a JPEG cut inside its data (with its end marker
 * put back) only warns "premature end", and would otherwise be read as a grey page.
 */
export const sharpFor = (input: Uint8Array, maxPixels: number, page?: number): Sharp =>
  sharp(input, { limitInputPixels: maxPixels, failOn: 'warning', sequentialRead: true, ...(page === undefined ? {} : { page }) });

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
  /** The page was found on a larger picture (a photo) and its perspective flattened. */
  flattened: boolean;
  /** Red ink (a seal) was turned into paper: text under a red seal reads as if unstamped. */
  redInkRemoved: boolean;
}

/** Decoding stops at this many pixels (sharp shrinks on load): memory per page is bounded whatever the file. */
export const MAX_DECODE_PIXELS = 12_000_000;
/** Thumbnail width for finding the page on a photo. */
const PAGE_FIND_WIDTH = 400;
/** The paper's brightness is estimated on the page shrunk this many times. */
const BACKGROUND_SHRINK = 8;

/** More red pixels than this share of the page is red ink (a seal's ring and words are ~0.3 % of A4), not JPEG noise. */
const RED_INK_SHARE = 0.0005;

const fromRaw = (data: Buffer, info: { width: number; height: number; channels: number }): { gray: GrayImage; redInkRemoved: boolean } => {
  if (info.channels >= 3) {
    const { redPixels, ...gray } = grayWithoutRed(data, info.width, info.height, info.channels);
    return { gray, redInkRemoved: redPixels > RED_INK_SHARE * info.width * info.height };
  }
  const gray = info.channels === 1 ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : Uint8Array.from({ length: info.width * info.height }, (_, i) => data[i * info.channels] as number);
  return { gray: { data: gray, width: info.width, height: info.height }, redInkRemoved: false };
};

/**
 * Evens out the light: the paper's brightness, estimated on the page shrunk 8× (a max
 * filter wipes out the ink, a blur smooths the rest), divides every pixel. A shadow or a
 * lamp's fall-off across a photo then no longer decides what is ink.
 */
export const evenOutLight = async (gray: GrayImage): Promise<GrayImage> => {
  const small = await toGray(rawSharp(gray, Number.MAX_SAFE_INTEGER).resize({ width: Math.max(8, Math.round(gray.width / BACKGROUND_SHRINK)), kernel: 'linear' }));
  const paper = maxFilter(small, 3);
  const smooth = await toGray(rawSharp(paper, Number.MAX_SAFE_INTEGER).blur(4));
  return divideByBackground(gray, smooth);
};

/**
 * The page as 8-bit grayscale, upright, flat and evenly lit, at an OCR-friendly width —
 * what both local engines start from:
 * 1. decoded with EXIF orientation, alpha on white, shrunk on load to MAX_DECODE_PIXELS;
 * 2. red ink (seals) turned into paper (photo.ts, grayWithoutRed);
 * 3. on a photo, the page found against the desk and its perspective flattened;
 * 4. the light evened out (evenOutLight: background division, no global threshold);
 * 5. skew estimated by projection profile on a 700-px thumbnail and corrected;
 * 6. resampled only when far from 300 dpi.
 */
export const prepareGrayPage = async (input: Uint8Array, options: PreprocessOptions): Promise<GrayPage> => {
  const meta = await sharpFor(input, options.maxPixels, options.page).metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const minWidth = options.minWidth ?? DEFAULT_MIN_OCR_WIDTH;
  const maxWidth = Math.max(minWidth, options.maxWidth ?? DEFAULT_MAX_OCR_WIDTH);
  const target = Math.min(maxWidth, Math.max(minWidth, options.targetWidth ?? DEFAULT_TARGET_OCR_WIDTH));

  let decode = sharpFor(input, options.maxPixels, options.page).autoOrient().flatten({ background: '#ffffff' });
  const shrink = Math.min(1, maxWidth / Math.max(1, width), Math.sqrt(MAX_DECODE_PIXELS / Math.max(1, width * height)));
  if (shrink < 1) decode = decode.resize({ width: Math.max(1, Math.round(width * shrink)), kernel: 'lanczos3' });
  const { data, info } = await decode.raw().toBuffer({ resolveWithObject: true });
  const raw = fromRaw(data, info);
  let gray = raw.gray;

  let flattened = false;
  const thumb = await toGray(rawSharp(gray, options.maxPixels).resize({ width: Math.min(PAGE_FIND_WIDTH, gray.width) }));
  const quad = findPage(thumb);
  if (quad) {
    const k = gray.width / thumb.width;
    const scaled = quad.map((p) => ({ x: p.x * k, y: p.y * k })) as Quad;
    gray = warpToRectangle(gray, scaled);
    flattened = true;
  }
  gray = await evenOutLight(gray);

  let skewDegrees = 0;
  if (options.deskew ?? true) {
    const small = await toGray(rawSharp(gray, options.maxPixels).resize({ width: Math.min(700, gray.width) }));
    skewDegrees = estimateSkew(binarise(small, inkThreshold(small)));
  }
  let pipeline: Sharp | undefined;
  if (Math.abs(skewDegrees) >= MIN_SKEW) pipeline = rawSharp(gray, options.maxPixels).rotate(-skewDegrees, { background: '#ffffff' });
  const w = gray.width;
  if (w < minWidth) {
    pipeline = (pipeline ?? rawSharp(gray, options.maxPixels)).resize({ width: Math.round(w * Math.min(MAX_UPSCALE, target / w)), kernel: 'lanczos3' });
  } else if (w > maxWidth) {
    pipeline = (pipeline ?? rawSharp(gray, options.maxPixels)).resize({ width: target, kernel: 'lanczos3' });
  }
  if (pipeline) gray = await toGray(pipeline);
  return { gray, skewDegrees, flattened, redInkRemoved: raw.redInkRemoved };
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
  /** Red ink (a seal) was turned into paper before OCR (GrayPage). */
  redInkRemoved: boolean;
  /** The binarised page without table rules, as PNG (what tesseract reads); tesseract only. */
  png?: Buffer;
  skewDegrees: number;
  /** Share of the page that is ink; below BLANK_INK_RATIO there is nothing to read. */
  inkRatio: number;
}

/** The page as the chosen engine reads it. */
/**
 * PaddleOCR's page size: its detector reads a 1,280-px copy and its recogniser a 48-px-high
 * cut of each line, so a 1,600-px page reads as well as a 2,480-px one (every corpus field
 * either way, measured) at a third of the clean-up cost.
 */
export const PADDLE_PAGE_WIDTH = { minWidth: 1400, maxWidth: 2000, targetWidth: 1600 } as const;

export const prepareOcrPage = async (input: Uint8Array, options: PreprocessOptions & { engine: 'paddle' | 'tesseract' }): Promise<OcrPage> => {
  try {
    const { gray, skewDegrees, redInkRemoved } = await prepareGrayPage(input, options.engine === 'paddle' ? { ...PADDLE_PAGE_WIDTH, ...options } : options);
    let bin = binarise(gray, inkThreshold(gray));
    if (options.engine === 'paddle') return { gray, redInkRemoved, skewDegrees, inkRatio: inkRatio(bin) };
    // No despeckling: libvips' median(3) cost ~0.5 s a page, and a 3×3 majority filter of the
    // binary page eroded strokes (J read as I; 75/80 fields against 79/80 without, measured).
    if (options.removeRules ?? true) {
      bin = removeRules(bin, Math.max(40, Math.round(bin.width * 0.04)), Math.max(40, Math.round(bin.height * 0.03)));
    }
    const png = await rawSharp(bin, options.maxPixels).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
    return { gray, redInkRemoved, png, skewDegrees, inkRatio: inkRatio(bin) };
  } catch (error) {
    throw mapImageError(error);
  }
};

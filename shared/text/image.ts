import sharp, { type Sharp } from 'sharp';
import { CorruptImageError, DocumentTooLargeError, DomainError } from '#shared/domain/errors.ts';
import { binarise, estimateSkew, removeRules, type GrayImage } from './scan-cleanup.ts';

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
  /** Scans narrower than this are upscaled to it (tesseract wants ~30 px capital letters; 300 dpi A4 is 2480 px). */
  minWidth?: number;
  /** Scans wider than this are downscaled to it: tesseract's layout analysis dropped whole columns of Chinese labels at 2480 px (300-dpi A4) and kept them at 1800–1865 px (measured). */
  maxWidth?: number;
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
}

export const DEFAULT_MIN_OCR_WIDTH = 1800;
export const DEFAULT_MAX_OCR_WIDTH = 1800;
/** Upscaling stops here so a tiny image does not become a huge one. */
const MAX_UPSCALE = 3;
/** Skew below this is left alone. */
const MIN_SKEW = 0.15;

const toGray = async (pipeline: Sharp): Promise<GrayImage> => {
  const { data, info } = await pipeline.grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
};

const rawSharp = (img: GrayImage, maxPixels: number): Sharp =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 }, limitInputPixels: maxPixels });

/**
 * Prepares a page image for OCR (each step measured on generated 300-dpi scans of
 * ruled report tables, see the README of this folder's tests):
 * EXIF orientation, grayscale, upscaling of small scans, 3×3 median against speckle,
 * contrast stretch, skew correction by projection profile, Otsu binarisation, and
 * removal of table rules — the rules are what made tesseract drop whole cells.
 */
export const preprocessForOcr = async (input: Uint8Array, options: PreprocessOptions): Promise<PreparedImage> => {
  try {
    const meta = await sharpFor(input, options.maxPixels, options.page).metadata();
    const width = meta.autoOrient?.width ?? meta.width ?? 0;
    const minWidth = options.minWidth ?? DEFAULT_MIN_OCR_WIDTH;
    let pipeline = sharpFor(input, options.maxPixels, options.page).rotate().flatten({ background: '#ffffff' }).grayscale();
    const maxWidth = Math.max(minWidth, options.maxWidth ?? DEFAULT_MAX_OCR_WIDTH);
    if (width > 0 && width < minWidth) {
      pipeline = pipeline.resize({ width: Math.round(width * Math.min(MAX_UPSCALE, minWidth / width)), kernel: 'lanczos3' });
    } else if (width > maxWidth) {
      pipeline = pipeline.resize({ width: maxWidth, kernel: 'lanczos3' });
    }
    let gray = await toGray(pipeline.median(3).normalise());
    let skewDegrees = 0;
    if (options.deskew ?? true) {
      const small = await toGray(rawSharp(gray, options.maxPixels).resize({ width: Math.min(700, gray.width) }));
      skewDegrees = estimateSkew(binarise(small));
      if (Math.abs(skewDegrees) >= MIN_SKEW) {
        gray = await toGray(rawSharp(gray, options.maxPixels).rotate(-skewDegrees, { background: '#ffffff' }));
      }
    }
    let bin = binarise(gray);
    if (options.removeRules ?? true) {
      bin = removeRules(bin, Math.max(40, Math.round(bin.width * 0.04)), Math.max(40, Math.round(bin.height * 0.03)));
    }
    const png = await rawSharp(bin, options.maxPixels).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
    return { png, width: bin.width, height: bin.height, skewDegrees };
  } catch (error) {
    throw mapImageError(error);
  }
};

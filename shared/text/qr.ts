import jsQR from 'jsqr';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { z } from 'zod';
import { urlHost } from '#shared/domain/normalise.ts';
import type { QrPayload } from '#shared/domain/verification.ts';
import { mapImageError } from './image.ts';
import type { GrayImage } from './scan-cleanup.ts';

export type QrCode = z.infer<typeof QrPayload>;

/** A decoded payload and, when it is a link, its host (lower case; `urlHost`). */
export const toQr = (payload: string): QrCode => {
  const host = urlHost(payload);
  return host ? { payload, host } : { payload };
};

export interface DecodeQrOptions {
  maxPixels: number;
  /** TIFF page, 0-based */
  page?: number;
  /** Widths to try, in order, until a code is found (default 1000, 1600, 2400). */
  widths?: readonly number[];
}

/** jsQR works on RGBA; it finds one code per call, so found codes are blanked and it is run again. */
const MAX_CODES = 4;
/** Widths tried until a code is found: 1000 px first (a third of the time of 1600 on a 300-dpi A4 scan, measured), then larger for small codes. */
const WIDTHS = [1000, 1600, 2400] as const;

/**
 * Decodes QR codes in an image (PNG/JPEG/TIFF bytes, or a rendered PDF page).
 * Returns the distinct payloads with their URL host, in the order found.
 */
export const decodeQrCodes = async (image: Uint8Array, options: DecodeQrOptions): Promise<QrCode[]> => {
  let meta: Metadata;
  try {
    meta = await sharp(image, { limitInputPixels: options.maxPixels, ...(options.page === undefined ? {} : { page: options.page }) }).metadata();
  } catch (error) {
    throw mapImageError(error);
  }
  const found = new Map<string, QrCode>();
  for (const target of options.widths ?? WIDTHS) {
    const width = Math.min(target, meta.width ?? target);
    let raw: { data: Buffer; info: OutputInfo };
    try {
      raw = await sharp(image, { limitInputPixels: options.maxPixels, ...(options.page === undefined ? {} : { page: options.page }) })
        .rotate()
        .flatten({ background: '#ffffff' })
        .resize({ width, withoutEnlargement: true })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw mapImageError(error);
    }
    const pixels = new Uint8ClampedArray(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength);
    for (let i = 0; i < MAX_CODES; i++) {
      const code = jsQR(pixels, raw.info.width, raw.info.height, { inversionAttempts: 'attemptBoth' });
      if (!code || code.data === '') break;
      if (!found.has(code.data)) found.set(code.data, toQr(code.data));
      blank(pixels, raw.info.width, raw.info.height, code.location);
    }
    if (found.size > 0) break;
  }
  return [...found.values()];
};

/**
 * Widths tried on a page the OCR has already prepared (flat, upright, evenly lit):
 * 1,000 px reads the corpus codes; 1,600 px the small ones.
 */
const GRAY_WIDTHS = [1000, 1600] as const;

/**
 * Decodes QR codes on a page that OCR prepared (image.ts prepareGrayPage): no second
 * decode of the file, and a photo's code is already flattened. Dark modules on light
 * paper only (`dontInvert`): the inverted pass doubled the time of a page without a code.
 */
export const decodeQrGray = async (gray: GrayImage, widths: readonly number[] = GRAY_WIDTHS): Promise<QrCode[]> => {
  const found = new Map<string, QrCode>();
  let last = 0;
  for (const target of widths) {
    const width = Math.min(target, gray.width);
    if (width <= last) break;
    last = width;
    const { data, info } = await sharp(gray.data, { raw: { width: gray.width, height: gray.height, channels: 1 }, limitInputPixels: false })
      .resize({ width, kernel: 'linear' })
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = new Uint8ClampedArray(info.width * info.height * 4);
    for (let i = 0, o = 0; i < info.width * info.height; i++, o += 4) {
      const v = data[i] as number;
      pixels[o] = v;
      pixels[o + 1] = v;
      pixels[o + 2] = v;
      pixels[o + 3] = 255;
    }
    for (let i = 0; i < MAX_CODES; i++) {
      const code = jsQR(pixels, info.width, info.height, { inversionAttempts: 'dontInvert' });
      if (!code || code.data === '') break;
      if (!found.has(code.data)) found.set(code.data, toQr(code.data));
      blank(pixels, info.width, info.height, code.location);
    }
    if (found.size > 0) break;
  }
  return [...found.values()];
};

type Point = { x: number; y: number };

/** Paints the code's bounding box white so that the next jsQR pass finds another code. */
const blank = (
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  loc: { topLeftCorner: Point; topRightCorner: Point; bottomLeftCorner: Point; bottomRightCorner: Point },
): void => {
  const xs = [loc.topLeftCorner.x, loc.topRightCorner.x, loc.bottomLeftCorner.x, loc.bottomRightCorner.x];
  const ys = [loc.topLeftCorner.y, loc.topRightCorner.y, loc.bottomLeftCorner.y, loc.bottomRightCorner.y];
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 4);
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)) + 4);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 4);
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)) + 4);
  for (let y = y0; y <= y1; y++) pixels.fill(255, (y * width + x0) * 4, (y * width + x1 + 1) * 4);
};

/** A decoded image as pdf.js hands it out: 1, 3 or 4 channels, or 1 bit per pixel (rows byte-aligned, 0 = dark). */
export interface RawImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
  /** Bytes per pixel; ignored when `bits` is 1. */
  channels: number;
  /** 1 for packed 1-bit data (pdf.js GRAYSCALE_1BPP images and image masks). */
  bits?: 1;
}

/** Smallest image that can hold a readable QR code (21 modules). */
const MIN_QR_SIDE = 21;
/** Images above this are subsampled before jsQR (its time grows with the pixels). */
const MAX_DECODE_PIXELS = 4_000_000;
/** Small images (1–3 px per module, tight crop) are upscaled to about this side and padded. */
const SMALL_SIDE = 320;
const MAX_IMAGE_PIXELS = 25_000_000;

/** Gray value of pixel (x, y); alpha is composited onto white. */
const grayAt = (img: RawImage): ((x: number, y: number) => number) => {
  const { data, width } = img;
  if (img.bits === 1) {
    const stride = (width + 7) >> 3;
    return (x, y) => ((data[y * stride + (x >> 3)] ?? 255) & (128 >> (x & 7)) ? 255 : 0);
  }
  const c = img.channels;
  if (c === 1) return (x, y) => data[y * width + x] ?? 255;
  return (x, y) => {
    const i = (y * width + x) * c;
    const v = 0.299 * (data[i] ?? 255) + 0.587 * (data[i + 1] ?? 255) + 0.114 * (data[i + 2] ?? 255);
    if (c < 4) return v;
    const a = (data[i + 3] ?? 255) / 255;
    return v * a + 255 * (1 - a);
  };
};

/**
 * Decodes QR codes in raw pixels (images embedded in a PDF page); cheap enough for text PDFs.
 * A small image (a QR code stored at 1–3 px per module, often without a quiet zone) is
 * upscaled and padded with white; a huge one is subsampled.
 */
export const decodeQrRaw = (img: RawImage): QrCode[] => {
  const { width, height } = img;
  if (width < MIN_QR_SIDE || height < MIN_QR_SIDE || width * height > MAX_IMAGE_PIXELS) return [];
  const expected = img.bits === 1 ? ((width + 7) >> 3) * height : width * height * img.channels;
  if (img.data.length < expected || (img.bits !== 1 && ![1, 3, 4].includes(img.channels))) return [];
  const gray = grayAt(img);
  const side = Math.max(width, height);
  // scale > 1: upscale (nearest); step > 1: subsample
  const scale = side < SMALL_SIDE ? Math.max(1, Math.floor(SMALL_SIDE / side)) : 1;
  const step = width * height > MAX_DECODE_PIXELS ? Math.ceil(Math.sqrt((width * height) / MAX_DECODE_PIXELS)) : 1;
  const pad = scale > 1 ? Math.round((side * scale) / 10) : 0;
  const w = Math.floor(width / step) * scale + 2 * pad;
  const h = Math.floor(height / step) * scale + 2 * pad;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let y = pad; y < h - pad; y++) {
    const sy = Math.min(height - 1, Math.floor((y - pad) / scale) * step);
    for (let x = pad; x < w - pad; x++) {
      const v = gray(Math.min(width - 1, Math.floor((x - pad) / scale) * step), sy);
      const o = (y * w + x) * 4;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
    }
  }
  const code = jsQR(rgba, w, h, { inversionAttempts: 'attemptBoth' });
  return code && code.data !== '' ? [toQr(code.data)] : [];
};

import jsQR from 'jsqr';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { z } from 'zod';
import type { QrPayload } from '#shared/domain/verification.ts';
import { mapImageError } from './image.ts';

export type QrCode = z.infer<typeof QrPayload>;

/** The URL host of a payload (lower case), when the payload is an http(s) URL or a bare domain path. */
export const qrHost = (payload: string): string | undefined => {
  const text = payload.trim();
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//iu.test(text) ? text : /^[\w-]+(\.[\w-]+)+(\/|$)/u.test(text) ? `https://${text}` : undefined;
  if (!candidate) return undefined;
  try {
    const url = new URL(candidate);
    return url.hostname ? url.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
};

const toQr = (payload: string): QrCode => {
  const host = qrHost(payload);
  return host ? { payload, host } : { payload };
};

export interface DecodeQrOptions {
  maxPixels: number;
  /** TIFF page, 0-based */
  page?: number;
  /** Widths to try, in order, until a code is found (default 1600, 1000, 2400). */
  widths?: readonly number[];
}

/** jsQR works on RGBA; it finds one code per call, so found codes are blanked and it is run again. */
const MAX_CODES = 4;
/** Widths tried: the original (capped) first; a downscale often helps jsQR on 300-dpi scans. */
const WIDTHS = [1600, 1000, 2400] as const;

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

/** A decoded image as pdf.js hands it out (1, 3 or 4 channels). */
export interface RawImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** Smallest image that can hold a readable QR code (21 modules). */
const MIN_QR_SIDE = 21;

/** Decodes QR codes in raw pixels (images embedded in a PDF page); cheap enough for text PDFs. */
export const decodeQrRaw = (img: RawImage): QrCode[] => {
  if (img.width < MIN_QR_SIDE || img.height < MIN_QR_SIDE || img.width * img.height > 25_000_000) return [];
  const n = img.width * img.height;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const c = img.channels;
    const r = img.data[i * c] ?? 255;
    const g = c >= 3 ? (img.data[i * c + 1] ?? r) : r;
    const b = c >= 3 ? (img.data[i * c + 2] ?? r) : r;
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
  }
  const code = jsQR(rgba, img.width, img.height, { inversionAttempts: 'attemptBoth' });
  return code && code.data !== '' ? [toQr(code.data)] : [];
};

/**
 * Target 2: a "scan". The same layout drawn straight onto a canvas at the
 * chosen resolution, then slightly rotated, noisy, on tinted paper and
 * JPEG-compressed. Target 3 wraps the scans as an image-only PDF.
 */
import { createCanvas } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { composeDocument } from './compose.ts';
import { canvasFont, registerCanvasFonts } from './fonts.ts';
import { newPdf } from './render-pdf.ts';
import type { DocumentDescription, DocumentLayout, PageLayout } from './types.ts';

export interface ScanOptions {
  /** Default 300. */
  dpi?: number;
  /** Clockwise degrees; default: between 0.5 and 1.5, either way, from the seed. */
  rotationDeg?: number;
  /** 0 (clean) … 1 (very noisy); default 0.35. */
  noise?: number;
  /** JPEG quality, default 80. */
  quality?: number;
  /** Seeds rotation and noise: the same seed gives the same bytes. Default 1. */
  seed?: number;
}

/** mulberry32: small, fast, seedable. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const resolve = (options: ScanOptions, page: number) => {
  const seed = (options.seed ?? 1) * 7919 + page;
  const random = seededRandom(seed);
  const defaultRotation = (0.5 + random()) * (random() < 0.5 ? -1 : 1);
  return {
    dpi: options.dpi ?? 300,
    rotationDeg: options.rotationDeg ?? defaultRotation,
    noise: Math.min(1, Math.max(0, options.noise ?? 0.35)),
    quality: options.quality ?? 80,
    random,
  };
};

/** Draws one page onto a white canvas at `dpi`; returns raw RGBA. */
export const drawPage = (page: PageLayout, dpi: number): { data: Buffer; width: number; height: number } => {
  registerCanvasFonts();
  const scale = dpi / 72;
  const width = Math.round(page.width * scale);
  const height = Math.round(page.height * scale);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.scale(scale, scale);
  ctx.textBaseline = 'alphabetic';
  // Ink is translucent: a red seal stamped over black text leaves the text black (over white paper it changes nothing).
  ctx.globalCompositeOperation = 'multiply';
  for (const item of page.items) {
    switch (item.type) {
      case 'text':
        ctx.font = canvasFont(item.size, item.bold);
        ctx.fillStyle = item.color ?? '#000000';
        ctx.fillText(item.text, item.x, item.y);
        break;
      case 'line':
        ctx.strokeStyle = item.color ?? '#000000';
        ctx.lineWidth = item.width;
        ctx.beginPath();
        ctx.moveTo(item.x1, item.y1);
        ctx.lineTo(item.x2, item.y2);
        ctx.stroke();
        break;
      case 'rect':
        ctx.strokeStyle = item.color ?? '#000000';
        ctx.lineWidth = item.width;
        ctx.strokeRect(item.x, item.y, item.w, item.h);
        break;
      case 'fill':
        ctx.fillStyle = item.color;
        ctx.fillRect(item.x, item.y, item.w, item.h);
        break;
      case 'circle':
        ctx.strokeStyle = item.color ?? '#000000';
        ctx.lineWidth = item.width;
        ctx.beginPath();
        ctx.arc(item.cx, item.cy, item.r, 0, Math.PI * 2);
        ctx.stroke();
        break;
      case 'qr': {
        const qr = QRCode.create(item.payload, { errorCorrectionLevel: 'M' });
        const n = qr.modules.size;
        const cell = item.size / (n + 8);
        ctx.fillStyle = '#000000';
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < n; c++) {
            if (qr.modules.get(r, c)) ctx.fillRect(item.x + (c + 4) * cell, item.y + (r + 4) * cell, cell + 0.02, cell + 0.02);
          }
        }
        break;
      }
    }
  }
  const data = Buffer.from(ctx.getImageData(0, 0, width, height).data.buffer);
  return { data, width, height };
};

/** Paper tint, grain and specks, in place on RGBA pixels. */
export const addNoise = (rgba: Buffer, width: number, height: number, noise: number, random: () => number): void => {
  const tint = [246, 244, 238];
  const amplitude = 70 * noise;
  // A table of roughly normal samples (sum of uniforms) keeps the per-pixel cost low.
  const table = new Int16Array(4096);
  for (let i = 0; i < table.length; i++) table[i] = Math.round(((random() + random() + random() - 1.5) / 1.5) * amplitude);
  let state = Math.floor(random() * 0xffffffff) >>> 0;
  for (let p = 0; p < width * height; p++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const grain = table[state & 4095] ?? 0;
    const o = p * 4;
    for (let ch = 0; ch < 3; ch++) {
      const v = ((rgba[o + ch] ?? 0) * (tint[ch] ?? 255)) / 255 + grain;
      rgba[o + ch] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  const specks = Math.round(width * height * 0.00004 * noise);
  for (let i = 0; i < specks; i++) {
    const x = Math.floor(random() * width);
    const y = Math.floor(random() * height);
    const r = 1 + Math.floor(random() * 2);
    const shade = Math.floor(random() * 90);
    for (let dy = 0; dy < r; dy++) {
      for (let dx = 0; dx < r; dx++) {
        const o = ((y + dy) * width + (x + dx)) * 4;
        if (o + 2 < rgba.length) rgba[o] = rgba[o + 1] = rgba[o + 2] = shade;
      }
    }
  }
};

const scanPage = async (page: PageLayout, options: ScanOptions, index: number): Promise<Buffer> => {
  const { dpi, rotationDeg, noise, quality, random } = resolve(options, index);
  const { data, width, height } = drawPage(page, dpi);
  addNoise(data, width, height, noise, random);
  const rotated = await sharp(data, { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .blur(0.3 + noise * 0.6)
    .rotate(rotationDeg, { background: { r: 240, g: 238, b: 232 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.max(0, Math.floor((rotated.info.width - width) / 2));
  const top = Math.max(0, Math.floor((rotated.info.height - height) / 2));
  return sharp(rotated.data, { raw: { width: rotated.info.width, height: rotated.info.height, channels: 3 } })
    .extract({ left, top, width, height })
    .jpeg({ quality, mozjpeg: false })
    .withMetadata({ density: dpi })
    .toBuffer();
};

/** One JPEG per page of a composed layout. */
export const scanLayout = async (layout: DocumentLayout, options: ScanOptions = {}): Promise<Buffer[]> => {
  const out: Buffer[] = [];
  for (const [i, page] of layout.pages.entries()) out.push(await scanPage(page, options, i + 1));
  return out;
};

/** A scan of every page of the document, as JPEGs. */
export const renderScanJpegs = async (doc: DocumentDescription, options: ScanOptions = {}): Promise<Buffer[]> =>
  scanLayout(composeDocument(doc), options);

/** A scan of one page (default the first) as a JPEG. */
export const renderScanJpeg = async (doc: DocumentDescription, options: ScanOptions & { page?: number } = {}): Promise<Buffer> => {
  const layout = composeDocument(doc);
  const index = (options.page ?? 1) - 1;
  const page = layout.pages[index];
  if (!page) throw new RangeError(`the document has ${layout.pages.length} page(s), not ${options.page}`);
  return scanPage(page, options, index + 1);
};

/** Wraps page JPEGs as an image-only PDF (no text layer), one page per JPEG, at their physical size. */
export const jpegsToPdf = async (jpegs: Buffer[], pageSize: { width: number; height: number }[], metadata?: DocumentDescription['metadata'], title = 'Scan'): Promise<Uint8Array> => {
  const pdf = newPdf({ creator: 'Scanner', producer: 'certverify scan renderer', ...metadata }, title);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });
  jpegs.forEach((jpeg, i) => {
    const size = pageSize[i] ?? pageSize[0] ?? { width: 595.28, height: 841.89 };
    pdf.addPage({ size: [size.width, size.height], margin: 0 });
    pdf.image(jpeg, 0, 0, { width: size.width, height: size.height });
  });
  pdf.end();
  return done;
};

/** The scan wrapped as an image-only PDF. */
export const renderScanPdf = async (doc: DocumentDescription, options: ScanOptions = {}): Promise<Uint8Array> => {
  const layout = composeDocument(doc);
  const jpegs = await scanLayout(layout, options);
  return jpegsToPdf(jpegs, layout.pages, doc.metadata, doc.id);
};

/**
 * Degraded copies of a labelled document, as sellers upload them: a 300-dpi scan, a
 * 200-dpi grayscale scan, a scan rotated 3°, a phone photo (the page on a desk, in
 * perspective, lit unevenly, JPEG quality 60, 1,600 px wide), an image-only multi-page
 * PDF, and a CCITT G4 fax TIFF (one page per TIFF page). Every variant is drawn from the
 * same page layout as the text PDF, so the layout's ground truth holds for all of them.
 * sharp and @napi-rs/canvas only: no ImageMagick, so tests generate what they need.
 */
import sharp from 'sharp';
import { drawPage, addNoise, jpegsToPdf, scanLayout, seededRandom } from './render-scan.ts';
import type { DocumentLayout, PageLayout } from './types.ts';

export const Degradations = ['scan-300', 'gray-200', 'rotated-3', 'photo', 'image-pdf', 'fax-tiff'] as const;
export type Degradation = (typeof Degradations)[number];

export interface DegradedFile {
  degradation: Degradation;
  /** File extension: jpg, pdf, tif */
  ext: 'jpg' | 'pdf' | 'tif';
  bytes: Uint8Array;
}

/** A one-page document as a JPEG, a longer one as an image-only PDF of its page JPEGs. */
const jpegOrPdf = async (layout: DocumentLayout, jpegs: Buffer[], degradation: Degradation): Promise<DegradedFile> =>
  jpegs.length === 1 && jpegs[0]
    ? { degradation, ext: 'jpg', bytes: new Uint8Array(jpegs[0]) }
    : { degradation, ext: 'pdf', bytes: await jpegsToPdf(jpegs, layout.pages) };

/** 200 dpi, grayscale, light noise, JPEG 85. */
const gray200 = async (layout: DocumentLayout, seed: number): Promise<Buffer[]> => {
  const pages = await scanLayout(layout, { dpi: 200, noise: 0.3, quality: 85, seed });
  return Promise.all(pages.map((p) => sharp(p).grayscale().jpeg({ quality: 85 }).withMetadata({ density: 200 }).toBuffer()));
};

/**
 * A fax: 200 dpi ("fine" mode), 1 bit per pixel, CCITT group 4, every page a TIFF page.
 * Thresholded at a fixed level, as fax machines do, after the scanner's blur.
 */
export const faxTiff = async (layout: DocumentLayout, seed: number): Promise<Uint8Array> => {
  const pages = await scanLayout(layout, { dpi: 200, noise: 0.2, quality: 90, seed });
  const width = Math.max(...(await Promise.all(pages.map(async (p) => (await sharp(p).metadata()).width ?? 0))));
  // Every page on a canvas of the first page's height, stacked: a TIFF page each (pageHeight).
  const pageHeight = (await sharp(pages[0] ?? Buffer.alloc(0)).metadata()).height ?? 0;
  const bilevel = await Promise.all(
    pages.map((p) =>
      sharp(p)
        .resize({ width, height: pageHeight, fit: 'contain', background: '#ffffff' })
        .grayscale()
        .threshold(150)
        .extractChannel(0)
        .raw()
        .toBuffer(),
    ),
  );
  const stacked = Buffer.concat(bilevel);
  const tiff = await sharp(stacked, { raw: { width, height: pageHeight * bilevel.length, channels: 1, pageHeight } })
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 200 / 25.4, yres: 200 / 25.4 })
    .toBuffer();
  return new Uint8Array(tiff);
};

type Matrix3 = [number, number, number, number, number, number, number, number, number];

/** Homography of the unit square onto quad p (clockwise from top-left). */
const squareToQuad = (p: [number, number][]): Matrix3 => {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = p as [[number, number], [number, number], [number, number], [number, number]];
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
};

const invert = (m: Matrix3): Matrix3 => {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
};

export interface PhotoOptions {
  /** Output width in pixels; default 1600. */
  width?: number;
  /** JPEG quality; default 60. */
  quality?: number;
  seed?: number;
}

/**
 * A phone photo of one printed page: the page (drawn at 200 dpi, slightly tinted) lies on
 * a darker desk, seen in perspective (each corner moved by up to 6 % of the page), under
 * light that falls off across the page and a soft shadow, then blurred and saved as a
 * ~1,600-px JPEG of quality 60.
 */
export const photoPage = async (page: PageLayout, options: PhotoOptions = {}): Promise<Buffer> => {
  const random = seededRandom((options.seed ?? 1) * 104_729);
  const outWidth = options.width ?? 1600;
  const src = drawPage(page, 200);
  addNoise(src.data, src.width, src.height, 0.15, random);
  const W = Math.round(src.width * 1.22);
  const H = Math.round(src.height * 1.16);
  const jitter = () => (random() - 0.5) * 0.12;
  const mx = (W - src.width) / 2;
  const my = (H - src.height) / 2;
  const quad: [number, number][] = [
    [mx + jitter() * src.width, my + jitter() * src.height],
    [W - mx + jitter() * src.width, my + jitter() * src.height],
    [W - mx + jitter() * src.width, H - my + jitter() * src.height],
    [mx + jitter() * src.width, H - my + jitter() * src.height],
  ];
  const inverse = invert(squareToQuad(quad));
  const [a, b, c, d, e, f, g, h, i] = inverse;
  const out = Buffer.alloc(W * H * 3);
  // Light: brightest near one corner, ~60 % at the far one, and a soft round shadow.
  const lx = random() * W;
  const ly = random() * H * 0.3;
  const sx0 = W * (0.3 + random() * 0.4);
  const sy0 = H * (0.5 + random() * 0.3);
  const sr = W * 0.25;
  const far = Math.hypot(W, H);
  const desk = [92 + random() * 30, 74 + random() * 20, 56 + random() * 15];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const w = g * x + h * y + i;
      const u = (a * x + b * y + c) / w;
      const v = (d * x + e * y + f) / w;
      const light = (1 - 0.4 * (Math.hypot(x - lx, y - ly) / far)) * (1 - 0.35 * Math.exp(-((x - sx0) ** 2 + (y - sy0) ** 2) / (2 * sr * sr)));
      const o = (y * W + x) * 3;
      if (u >= 0 && u < 1 && v >= 0 && v < 1) {
        const px = Math.min(src.width - 1, Math.floor(u * src.width));
        const py = Math.min(src.height - 1, Math.floor(v * src.height));
        const s = (py * src.width + px) * 4;
        for (let ch = 0; ch < 3; ch++) out[o + ch] = Math.min(255, (src.data[s + ch] as number) * light * (ch === 2 ? 0.94 : 1));
      } else {
        const grain = (random() - 0.5) * 14;
        for (let ch = 0; ch < 3; ch++) out[o + ch] = Math.max(0, Math.min(255, ((desk[ch] as number) + grain) * light));
      }
    }
  }
  return sharp(out, { raw: { width: W, height: H, channels: 3 } })
    .blur(0.8)
    .resize({ width: outWidth })
    .jpeg({ quality: options.quality ?? 60, mozjpeg: false })
    .toBuffer();
};

const STAMP_RED = '#d0302c';

/**
 * The layout with a red inspection seal (检验检测专用章) stamped over the issuer's name where
 * it is printed last (the signature block or the table's last row), as labs stamp reports:
 * red ink over black text, which OCR must read through.
 */
export const stampSealOverText = (layout: DocumentLayout): DocumentLayout => {
  const issuer = layout.printed.issuerName;
  const pages = layout.pages.map((p) => ({ ...p, items: [...p.items] }));
  for (let n = pages.length - 1; n >= 0; n--) {
    const page = pages[n] as PageLayout;
    const target = [...page.items].reverse().find((item) => item.type === 'text' && issuer !== undefined && item.text.includes(issuer));
    if (!target || target.type !== 'text') continue;
    const cx = target.x + Math.min(120, target.text.length * target.size * 0.5);
    const cy = target.y - target.size / 2;
    page.items.push(
      { type: 'circle', cx, cy, r: 44, width: 3, color: STAMP_RED },
      { type: 'circle', cx, cy, r: 40, width: 1, color: STAMP_RED },
      { type: 'text', x: cx - 9, y: cy + 7, text: '★', size: 20, color: STAMP_RED },
      { type: 'text', x: cx - 31, y: cy + 28, text: '检验检测专用章', size: 9, color: STAMP_RED },
      { type: 'text', x: cx - 36, y: cy - 20, text: issuer ?? '', size: 7, color: STAMP_RED },
    );
    return { ...layout, pages };
  }
  return layout;
};

/** Every degradation of one document (deterministic for a seed). */
export const degrade = async (layout: DocumentLayout, degradation: Degradation, seed = 1): Promise<DegradedFile> => {
  switch (degradation) {
    case 'scan-300':
      return jpegOrPdf(layout, await scanLayout(layout, { dpi: 300, noise: 0.35, quality: 80, seed }), degradation);
    case 'gray-200':
      return jpegOrPdf(layout, await gray200(layout, seed), degradation);
    case 'rotated-3':
      return jpegOrPdf(layout, await scanLayout(layout, { dpi: 300, noise: 0.35, quality: 80, seed, rotationDeg: seed % 2 ? 3 : -3 }), degradation);
    case 'photo': {
      const photos: Buffer[] = [];
      for (const [n, page] of layout.pages.entries()) photos.push(await photoPage(page, { seed: seed * 31 + n }));
      return jpegOrPdf(layout, photos, degradation);
    }
    case 'image-pdf':
      // Always a PDF, at 200 dpi, even for one page: what a scanner's "scan to PDF" makes.
      return { degradation, ext: 'pdf', bytes: await jpegsToPdf(await scanLayout(layout, { dpi: 200, noise: 0.3, quality: 75, seed }), layout.pages) };
    case 'fax-tiff':
      return { degradation, ext: 'tif', bytes: await faxTiff(layout, seed) };
  }
};

/**
 * The one font family used by both targets: Noto Sans SC (Noto Sans Hans) from
 * the `@embedpdf/fonts-sc` npm package. It covers Latin and Simplified Chinese,
 * so English and Chinese documents measure and draw the same in pdfkit and in
 * @napi-rs/canvas.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

const require = createRequire(import.meta.url);
// The package exports only its index (dist/index.*); the font files sit beside dist/.
const fontDir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');

export const FONT_FILES = {
  regular: join(fontDir, 'NotoSansHans-Regular.otf'),
  bold: join(fontDir, 'NotoSansHans-Bold.otf'),
} as const;

/** Family names registered with @napi-rs/canvas. */
export const CANVAS_FAMILIES = { regular: 'CertVerify Sans', bold: 'CertVerify Sans Bold' } as const;

let registered = false;
/** Registers the fonts with @napi-rs/canvas once per process. */
export const registerCanvasFonts = (): void => {
  if (registered) return;
  GlobalFonts.registerFromPath(FONT_FILES.regular, CANVAS_FAMILIES.regular);
  GlobalFonts.registerFromPath(FONT_FILES.bold, CANVAS_FAMILIES.bold);
  registered = true;
};

const buffers = new Map<string, Buffer>();
/** The font file's bytes, read once per process (pdfkit takes a Buffer). */
export const fontBytes = (weight: keyof typeof FONT_FILES): Buffer => {
  const path = FONT_FILES[weight];
  let b = buffers.get(path);
  if (!b) {
    b = readFileSync(path);
    buffers.set(path, b);
  }
  return b;
};

export const canvasFont = (size: number, bold = false): string =>
  `${size}px "${bold ? CANVAS_FAMILIES.bold : CANVAS_FAMILIES.regular}"`;

let measurer: SKRSContext2D | undefined;
/** Advance width of a text run in points. */
export const measure = (text: string, size: number, bold = false): number => {
  registerCanvasFonts();
  measurer ??= createCanvas(8, 8).getContext('2d');
  measurer.font = canvasFont(size, bold);
  return measurer.measureText(text).width;
};

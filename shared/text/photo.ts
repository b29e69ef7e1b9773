/**
 * Phone photos and real scans, on raw pixels: red ink (inspection seals) dropped from
 * colour pages, the page found against the desk and its perspective flattened, and the
 * light evened out by dividing by an estimate of the paper's own brightness (no single
 * global threshold: a shadow over half the page is paper all the same).
 */
import type { GrayImage } from './scan-cleanup.ts';
import { otsuThreshold } from './scan-cleanup.ts';

/** Red this far above green and blue is seal ink (also its thin, JPEG-smeared strokes), not black or blue text or tinted paper. */
const RED_MARGIN = 25;

/**
 * Colour → gray, with red ink turned into paper: a red pixel takes its red channel (high on
 * red ink, low where black text lies under it), every other pixel its luminance. A red
 * 检验检测专用章 stamped over text then no longer covers it.
 */
export const grayWithoutRed = (rgb: Uint8Array, width: number, height: number, channels: number): GrayImage & { redPixels: number } => {
  const out = new Uint8Array(width * height);
  let redPixels = 0;
  for (let p = 0, i = 0; p < out.length; p++, i += channels) {
    const r = rgb[i] as number;
    const g = rgb[i + 1] as number;
    const b = rgb[i + 2] as number;
    if (r - Math.max(g, b) > RED_MARGIN) {
      out[p] = r;
      redPixels++;
    } else {
      out[p] = (r * 77 + g * 150 + b * 29) >> 8;
    }
  }
  return { data: out, width, height, redPixels };
};

export interface Point {
  x: number;
  y: number;
}

/** Corners of the page, clockwise from top-left, in the image's pixels. */
export type Quad = [Point, Point, Point, Point];

/** A page that covers more than this share of the image is already the whole image (a scan). */
export const FULL_PAGE_SHARE = 0.9;
/** Less than this is not a page but a bright thing on the desk. */
const MIN_PAGE_SHARE = 0.2;

const area = (q: Quad): number => {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i] as Point;
    const b = q[(i + 1) % 4] as Point;
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
};

/**
 * A shadow darkens the page gradually (well under 1 % from one thumbnail pixel to the
 * next); the page's edge against the desk is a step (the desk is half as bright or less).
 * The page region grows into a pixel at most SHADOW_TOLERANCE darker than the paper
 * brightness it is reached with, and that brightness follows the paper down by at most
 * SHADOW_DECAY a pixel: a shadow is followed, a blurred edge seen along its length (page
 * and desk mixed, darkening a few per cent a pixel) is not.
 */
const SHADOW_TOLERANCE = 0.12;
const SHADOW_DECAY = 0.01;

/**
 * The page in a photo: the largest bright region (Otsu on a thumbnail), grown through the
 * shadows that fall on it (growThroughShadows: gradual darkening, never the step down to
 * the desk), and the extremes of x + y and x − y over it, which are a convex quadrilateral's
 * corners whenever it is rotated less than 45°. Without the growth a shadow over a corner
 * cut the corner off, and the flattened page came out sheared. `undefined` when the page
 * fills the image (a scan), or nothing page-like is there. Coordinates are the thumbnail's.
 */
export const findPage = (thumb: GrayImage): Quad | undefined => {
  const { data, width, height } = thumb;
  const t = otsuThreshold(thumb);
  const labels = new Int32Array(width * height);
  let best = { label: 0, size: 0 };
  const stack: number[] = [];
  let next = 1;
  for (let start = 0; start < data.length; start++) {
    if (labels[start] !== 0 || (data[start] as number) <= t) continue;
    const label = next++;
    let size = 0;
    labels[start] = label;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop() as number;
      size++;
      const x = p % width;
      for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width]) {
        if (q >= 0 && q < data.length && labels[q] === 0 && (data[q] as number) > t) {
          labels[q] = label;
          stack.push(q);
        }
      }
    }
    if (size > best.size) best = { label, size };
  }
  if (best.size === 0) return undefined;
  growThroughShadows(thumb, labels, best.label, t);
  let tl = { x: 0, y: 0, s: Infinity };
  let br = { x: 0, y: 0, s: -Infinity };
  let tr = { x: 0, y: 0, s: -Infinity };
  let bl = { x: 0, y: 0, s: Infinity };
  for (let p = 0; p < labels.length; p++) {
    if (labels[p] !== best.label) continue;
    const x = p % width;
    const y = (p - x) / width;
    if (x + y < tl.s) tl = { x, y, s: x + y };
    if (x + y > br.s) br = { x, y, s: x + y };
    if (x - y > tr.s) tr = { x, y, s: x - y };
    if (x - y < bl.s) bl = { x, y, s: x - y };
  }
  const quad: Quad = [
    { x: tl.x, y: tl.y },
    { x: tr.x + 1, y: tr.y },
    { x: br.x + 1, y: br.y + 1 },
    { x: bl.x, y: bl.y + 1 },
  ];
  const share = area(quad) / (width * height);
  if (share >= FULL_PAGE_SHARE || share < MIN_PAGE_SHARE) return undefined;
  return quad;
};

/**
 * Adds to region `label` the shadowed paper reachable from it (SHADOW_TOLERANCE,
 * SHADOW_DECAY), down to a third of the page threshold `t`. The region's pixels start
 * with the paper brightness around them (a 5×5 maximum), so the mixed pixels of its own
 * edge do not lead out onto the desk.
 */
const growThroughShadows = (img: GrayImage, labels: Int32Array, label: number, t: number): void => {
  const { data, width } = img;
  const floor = t / 3;
  const paper = maxFilter(img, 2).data;
  const level = new Float32Array(data.length);
  const stack: number[] = [];
  for (let p = 0; p < labels.length; p++) {
    if (labels[p] !== label) continue;
    level[p] = paper[p] as number;
    stack.push(p);
  }
  while (stack.length) {
    const p = stack.pop() as number;
    const reach = (level[p] as number) * (1 - SHADOW_DECAY);
    const min = Math.max(floor, (level[p] as number) * (1 - SHADOW_TOLERANCE));
    const x = p % width;
    for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width]) {
      if (q >= 0 && q < data.length && labels[q] !== label && (data[q] as number) >= min) {
        labels[q] = label;
        level[q] = Math.max(data[q] as number, reach);
        stack.push(q);
      }
    }
  }
};

/** The 3×3 homography (row-major, h[8] = 1) that maps the unit square's corners to `quad`. */
const squareToQuad = (q: Quad): number[] => {
  const [p0, p1, p2, p3] = q;
  const dx1 = p1.x - p2.x;
  const dx2 = p3.x - p2.x;
  const dy1 = p1.y - p2.y;
  const dy2 = p3.y - p2.y;
  const sx = p0.x - p1.x + p2.x - p3.x;
  const sy = p0.y - p1.y + p2.y - p3.y;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = den === 0 ? 0 : (sx * dy2 - dx2 * sy) / den;
  const h = den === 0 ? 0 : (dx1 * sy - sx * dy1) / den;
  return [p1.x - p0.x + g * p1.x, p3.x - p0.x + h * p3.x, p0.x, p1.y - p0.y + g * p1.y, p3.y - p0.y + h * p3.y, p0.y, g, h, 1];
};

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/** The upright page size a quad flattens to: its mean side lengths. */
export const flattenedSize = (q: Quad): { width: number; height: number } => ({
  width: Math.round((distance(q[0], q[1]) + distance(q[3], q[2])) / 2),
  height: Math.round((distance(q[0], q[3]) + distance(q[1], q[2])) / 2),
});

/** Flattens the quad of `img` into an upright `width × height` page (bilinear; outside the image → paper). */
export const warpToRectangle = (img: GrayImage, quad: Quad, size = flattenedSize(quad)): GrayImage => {
  const m = squareToQuad(quad);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = m;
  const out = new Uint8Array(size.width * size.height);
  const { data, width, height } = img;
  for (let y = 0; y < size.height; y++) {
    const v = (y + 0.5) / size.height;
    for (let x = 0; x < size.width; x++) {
      const u = (x + 0.5) / size.width;
      const w = g * u + h * v + 1;
      const sx = (a * u + b * v + c) / w - 0.5;
      const sy = (d * u + e * v + f) / w - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) {
        out[y * size.width + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const top = (data[i] as number) * (1 - fx) + (data[i + 1] as number) * fx;
      const bottom = (data[i + width] as number) * (1 - fx) + (data[i + width + 1] as number) * fx;
      out[y * size.width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { data: out, width: size.width, height: size.height };
};

/** Grey-level dilation (max) with a (2r+1)² window, separable: ink vanishes, paper stays. */
export const maxFilter = (img: GrayImage, r: number): GrayImage => {
  const { width, height, data } = img;
  const tmp = new Uint8Array(data.length);
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++) m = Math.max(m, data[y * width + k] as number);
      tmp[y * width + x] = m;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++) m = Math.max(m, tmp[k * width + x] as number);
      out[y * width + x] = m;
    }
  }
  return { data: out, width, height };
};

/**
 * Divides each pixel by the paper's brightness at that place (`background`, any size: it is
 * sampled bilinearly), so paper becomes 255 everywhere and ink keeps its contrast to it.
 */
export const divideByBackground = (img: GrayImage, background: GrayImage): GrayImage => {
  const out = new Uint8Array(img.data.length);
  const { width, height } = img;
  const sx = background.width / width;
  const sy = background.height / height;
  for (let y = 0; y < height; y++) {
    const by = Math.min(background.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(by);
    const y1 = Math.min(background.height - 1, y0 + 1);
    const fy = by - y0;
    for (let x = 0; x < width; x++) {
      const bx = Math.min(background.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(bx);
      const x1 = Math.min(background.width - 1, x0 + 1);
      const fx = bx - x0;
      const bw = background.width;
      const top = (background.data[y0 * bw + x0] as number) * (1 - fx) + (background.data[y0 * bw + x1] as number) * fx;
      const bottom = (background.data[y1 * bw + x0] as number) * (1 - fx) + (background.data[y1 * bw + x1] as number) * fx;
      const paper = Math.max(24, top * (1 - fy) + bottom * fy);
      const v = ((img.data[y * width + x] as number) * 255) / paper;
      out[y * width + x] = v >= 255 ? 255 : Math.round(v);
    }
  }
  return { data: out, width, height };
};

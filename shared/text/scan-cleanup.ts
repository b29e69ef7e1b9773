/**
 * Pixel-level clean-up of scanned pages before OCR, on raw 8-bit grayscale:
 * Otsu binarisation, skew estimation by projection profile, and removal of the
 * ruling lines of tables (long horizontal and vertical runs), which otherwise
 * make tesseract drop or garble whole table cells.
 */

export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Otsu's threshold over the histogram. */
export const otsuThreshold = (img: GrayImage): number => {
  const hist = new Float64Array(256);
  const data = img.data;
  for (let i = 0; i < data.length; i++) hist[data[i] as number] = (hist[data[i] as number] as number) + 1;
  const total = img.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * (hist[i] ?? 0);
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t] ?? 0;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * (hist[t] ?? 0);
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
};

/** 0 = ink, 255 = paper. */
export const binarise = (img: GrayImage, threshold = otsuThreshold(img)): GrayImage => {
  const src = img.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < out.length; i++) out[i] = (src[i] as number) <= threshold ? 0 : 255;
  return { data: out, width: img.width, height: img.height };
};

/**
 * The skew in degrees (positive = the content is rotated clockwise) that maximises the
 * variance of the row projection of ink, searched over ±maxDegrees. Run it on a
 * downscaled binary image; text lines and rules both sharpen the profile.
 */
export const estimateSkew = (bin: GrayImage, maxDegrees = 5): number => {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < bin.height; y++) {
    for (let x = 0; x < bin.width; x++) {
      if (bin.data[y * bin.width + x] === 0) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return 0;
  const pad = Math.ceil(bin.width * Math.tan((maxDegrees * Math.PI) / 180)) + 2;
  const rows = new Int32Array(bin.height + 2 * pad);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    rows.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round((ys[i] ?? 0) - (xs[i] ?? 0) * t) + pad;
      rows[r] = (rows[r] ?? 0) + 1;
    }
    let s = 0;
    for (const c of rows) s += c * c;
    return s;
  };
  const search = (from: number, to: number, step: number, start: { deg: number; score: number }) => {
    let best = start;
    for (let d = from; d <= to + 1e-9; d += step) {
      const s = score(d);
      if (s > best.score * 1.0005) best = { deg: d, score: s };
    }
    return best;
  };
  const coarse = search(-maxDegrees, maxDegrees, 0.5, { deg: 0, score: score(0) });
  const fine = search(coarse.deg - 0.4, coarse.deg + 0.4, 0.1, coarse);
  return Math.round(fine.deg * 100) / 100;
};

/**
 * Whitens horizontal ink runs at least `minH` pixels long and vertical runs at least
 * `minV` long (table rules, underlines, frames), plus their one-pixel anti-alias fringe.
 */
export const removeRules = (bin: GrayImage, minH: number, minV: number, fringe = 2): GrayImage => {
  const { width, height } = bin;
  const src = bin.data;
  const out = new Uint8Array(src);
  // Clear the run and the ink right beside it (jagged edges of a slightly rotated rule).
  const clearAt = (x: number, y: number, alongX: boolean) => {
    for (let d = -fringe; d <= fringe; d++) {
      const xx = alongX ? x : x + d;
      const yy = alongX ? y + d : y;
      if (xx >= 0 && xx < width && yy >= 0 && yy < height && (d === 0 || src[yy * width + xx] === 0)) out[yy * width + xx] = 255;
    }
  };
  for (let y = 0; y < height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const dark = x < width && src[y * width + x] === 0;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        if (x - start >= minH) for (let k = start; k < x; k++) clearAt(k, y, true);
        start = -1;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const dark = y < height && src[y * width + x] === 0;
      if (dark && start < 0) start = y;
      if (!dark && start >= 0) {
        if (y - start >= minV) for (let k = start; k < y; k++) clearAt(x, k, false);
        start = -1;
      }
    }
  }
  return { data: out, width, height };
};

/** Fraction of pixels that are ink. */
export const inkRatio = (bin: GrayImage): number => {
  let n = 0;
  for (const v of bin.data) if (v === 0) n++;
  return n / Math.max(1, bin.data.length);
};

/** An ink ratio above this after Otsu means it split the paper grain of a (nearly) blank page. */
export const MAX_PLAUSIBLE_INK = 0.2;

/** The histogram median: on a page of text (a few % ink) or a blank page, the paper's level. */
export const medianLevel = (img: GrayImage): number => {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v] = (hist[v] as number) + 1;
  const half = img.data.length / 2;
  let seen = 0;
  for (let t = 0; t < 256; t++) {
    seen += hist[t] as number;
    if (seen >= half) return t;
  }
  return 255;
};

/**
 * The ink threshold of a scanned page: Otsu, unless that marks an implausible share
 * of the page as ink. On a nearly blank page (< 1 % ink) Otsu splits the paper grain
 * (~40 % "ink", and tesseract then returns nothing or times out); there the
 * threshold is well below the paper's level instead (at most 150, i.e. 60 below the paper).
 */
export const inkThreshold = (img: GrayImage): number => {
  const otsu = otsuThreshold(img);
  let ink = 0;
  for (const v of img.data) if (v <= otsu) ink++;
  if (ink / Math.max(1, img.data.length) <= MAX_PLAUSIBLE_INK) return otsu;
  return Math.max(0, Math.min(150, medianLevel(img) - 60));
};


/**
 * QR codes drawn as vector graphics in a PDF page (filled rectangles, rectilinear
 * outlines, path runs, short thick strokes), found from the page's operator list
 * without rendering the page.
 *
 * 1. Walk the operator list with the graphics-state stack (save/restore,
 *    transform, form XObjects, annotations) and collect every filled subpath in
 *    page space, plus short thick stroked segments (SVG converters draw QR rows as
 *    strokes), with the fill colour (dark or light).
 * 2. Cluster the dark subpaths by proximity, each shape reaching ~2.5× its own
 *    short side, and keep the clusters that look like a QR symbol: enough shapes,
 *    roughly square, 15–250 "units" (module sizes) across, partly dark.
 * 3. Rasterise only the fills that touch that cluster (scanline, nonzero or
 *    even-odd, curves flattened) at ~6 px per module with a 4-module quiet
 *    zone, and decode with jsQR.
 *
 * Written against pdf.js 5 (unpdf 1.8.1): `constructPath` args are
 * `[paintOp, [Float32Array path], Float32Array minMax]`, the path using
 * DrawOPS (moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4) in
 * the current user space (the CTM is not applied). Any other shape of args is
 * counted as `unparsedPaths`, which makes the caller fall back to a render.
 *
 * Every loop is capped: operators scanned, path numbers read, subpaths kept,
 * clusters tried, bitmap size.
 */
import jsQR from 'jsqr';
import { toQr, type QrCode } from './qr.ts';
import { concat, IDENTITY, type Matrix } from './pdf-matrix.ts';

/** The pdf.js operator codes used here (`OPS` of pdf.js; passed in so this module has no pdf.js import). */
export interface PdfOps {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  stroke: number;
  closeStroke: number;
  setLineWidth: number;
  setLineCap: number;
  setFillRGBColor: number;
  setStrokeRGBColor: number;
  setFillColorN: number;
  setStrokeColorN: number;
  setFillTransparent?: number;
  setStrokeTransparent?: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginAnnotation: number;
  endAnnotation: number;
  shadingFill: number;
  paintImageXObject: number;
  paintInlineImageXObject: number;
  paintInlineImageXObjectGroup: number;
  paintImageXObjectRepeat: number;
  paintImageMaskXObject: number;
  paintImageMaskXObjectGroup: number;
  paintImageMaskXObjectRepeat: number;
  paintSolidColorImageMask: number;
}

export interface OperatorList {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

export interface VectorQrLimits {
  /** Operators scanned per page. */
  maxOps: number;
  /** Path numbers (coordinates and op codes) read per page. */
  maxPathNumbers: number;
  /** Subpaths kept per page (a version-40 QR code drawn one rectangle per module has ~15 000). */
  maxSubpaths: number;
  /** Clusters rasterised and decoded per page. */
  maxCandidates: number;
  /** Longest side of a rasterised cluster, px. */
  maxBitmapSide: number;
}

export const DEFAULT_VECTOR_QR_LIMITS: VectorQrLimits = {
  maxOps: 200_000,
  maxPathNumbers: 4_000_000,
  maxSubpaths: 20_000,
  maxCandidates: 6,
  maxBitmapSide: 1_400,
};

/** What the page holds, for the caller's decision to render it or not. */
export interface PageGraphicsStats {
  ops: number;
  /** The scan stopped at a cap: the page is not searched for vector QR codes. */
  truncated: boolean;
  fillOps: number;
  /** Filled subpaths with a dark colour. */
  darkSubpaths: number;
  /** Dark subpaths outside every QR-like cluster. */
  looseDarkSubpaths: number;
  /** Thick short stroked segments taken as filled shapes. */
  strokeShapes: number;
  /** constructPath operators whose arguments were not in the expected form. */
  unparsedPaths: number;
  imageOps: number;
  imageMaskOps: number;
  shadingOps: number;
  /** Fills and strokes with a pattern colour (can't be read as vectors). */
  patternPaints: number;
  /** QR-like clusters found, and those jsQR could not decode. */
  candidates: number;
  failedCandidates: number;
}

export interface VectorQrResult {
  codes: QrCode[];
  stats: PageGraphicsStats;
}




const asMatrix = (value: unknown): Matrix | undefined => {
  if (!value || typeof value !== 'object' || !('length' in value)) return undefined;
  const arr = value as ArrayLike<unknown>;
  if (arr.length !== 6) return undefined;
  const m = Array.from(arr, Number);
  return m.every(Number.isFinite) ? (m as Matrix) : undefined;
};

/** "#rrggbb" → dark (luminance under half). Anything else counts as dark. */
const isDarkHex = (hex: unknown): boolean => {
  if (typeof hex !== 'string' || !/^#[0-9a-f]{6}$/iu.test(hex)) return true;
  const n = Number.parseInt(hex.slice(1), 16);
  const luminance = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return luminance < 128;
};

interface GraphicsState {
  ctm: Matrix;
  fillDark: boolean;
  strokeDark: boolean;
  fillVisible: boolean;
  strokeVisible: boolean;
  lineWidth: number;
  lineCap: number;
}

/** One painted path: its subpaths as flat point lists in page space. */
interface Paint {
  dark: boolean;
  evenOdd: boolean;
  /** Per subpath: x,y pairs (closed implicitly). */
  subpaths: Float64Array[];
  /** Per subpath: [x0, y0, x1, y1]. */
  boxes: Float64Array;
  box: [number, number, number, number];
}

/** A dark subpath, for clustering. */
interface Shape {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Short side of the bounding box: ~ the module size for a module or a run. */
  unit: number;
}

const CURVE_STEPS = 6;

const DRAW_MOVE = 0;
const DRAW_LINE = 1;
const DRAW_CURVE = 2;
const DRAW_QUAD = 3;
const DRAW_CLOSE = 4;

/** The longest stroke segment taken as a module run, in line widths. */
const MAX_STROKE_RUN = 12;
/** Thinnest stroke (page units) taken as a module run. */
const MIN_STROKE_WIDTH = 0.3;

/**
 * Reads the fills of a page's operator list. Returns the painted paths (page space) and stats.
 */
const collectPaints = (
  opList: OperatorList,
  OPS: PdfOps,
  limits: VectorQrLimits,
): { paints: Paint[]; stats: PageGraphicsStats } => {
  const stats: PageGraphicsStats = {
    ops: 0,
    truncated: false,
    fillOps: 0,
    darkSubpaths: 0,
    looseDarkSubpaths: 0,
    strokeShapes: 0,
    unparsedPaths: 0,
    imageOps: 0,
    imageMaskOps: 0,
    shadingOps: 0,
    patternPaints: 0,
    candidates: 0,
    failedCandidates: 0,
  };
  const paints: Paint[] = [];
  const fillOps = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const evenOddOps = new Set([OPS.eoFill, OPS.eoFillStroke, OPS.closeEOFillStroke]);
  const strokeOps = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const imageOps = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintInlineImageXObjectGroup, OPS.paintImageXObjectRepeat]);
  const maskOps = new Set([OPS.paintImageMaskXObject, OPS.paintImageMaskXObjectGroup, OPS.paintImageMaskXObjectRepeat, OPS.paintSolidColorImageMask]);

  let state: GraphicsState = { ctm: IDENTITY, fillDark: true, strokeDark: true, fillVisible: true, strokeVisible: true, lineWidth: 1, lineCap: 0 };
  const stack: GraphicsState[] = [];
  let fillPattern = false;
  let strokePattern = false;
  const patternStack: Array<[boolean, boolean]> = [];
  let numbers = 0;
  let subpathCount = 0;

  const { fnArray, argsArray } = opList;
  const n = Math.min(fnArray.length, limits.maxOps);
  if (fnArray.length > limits.maxOps) stats.truncated = true;
  stats.ops = n;

  for (let i = 0; i < n && !stats.truncated; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null | undefined;
    switch (fn) {
      case OPS.save:
        stack.push(state);
        patternStack.push([fillPattern, strokePattern]);
        state = { ...state };
        break;
      case OPS.restore:
        state = stack.pop() ?? state;
        [fillPattern, strokePattern] = patternStack.pop() ?? [fillPattern, strokePattern];
        break;
      case OPS.transform: {
        const m = asMatrix(args);
        if (m) state.ctm = concat(m, state.ctm);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push(state);
        patternStack.push([fillPattern, strokePattern]);
        state = { ...state };
        const m = asMatrix(args?.[0]);
        if (m) state.ctm = concat(m, state.ctm);
        break;
      }
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        [fillPattern, strokePattern] = patternStack.pop() ?? [fillPattern, strokePattern];
        break;
      case OPS.beginAnnotation: {
        // [id, rect, transform, matrix, isUsingOwnCanvas]: the canvas applies transform, then matrix.
        stack.push(state);
        patternStack.push([fillPattern, strokePattern]);
        state = { ...state };
        const t = asMatrix(args?.[2]);
        if (t) state.ctm = concat(t, state.ctm);
        const m = asMatrix(args?.[3]);
        if (m) state.ctm = concat(m, state.ctm);
        break;
      }
      case OPS.endAnnotation:
        state = stack.pop() ?? state;
        [fillPattern, strokePattern] = patternStack.pop() ?? [fillPattern, strokePattern];
        break;
      case OPS.setFillRGBColor:
        state.fillDark = isDarkHex(args?.[0]);
        state.fillVisible = true;
        fillPattern = false;
        break;
      case OPS.setStrokeRGBColor:
        state.strokeDark = isDarkHex(args?.[0]);
        state.strokeVisible = true;
        strokePattern = false;
        break;
      case OPS.setFillColorN:
        fillPattern = true;
        state.fillDark = true;
        state.fillVisible = true;
        break;
      case OPS.setStrokeColorN:
        strokePattern = true;
        state.strokeDark = true;
        state.strokeVisible = true;
        break;
      case OPS.setFillTransparent:
        state.fillVisible = false;
        break;
      case OPS.setStrokeTransparent:
        state.strokeVisible = false;
        break;
      case OPS.setLineWidth:
        state.lineWidth = Number(args?.[0]) || 0;
        break;
      case OPS.setLineCap:
        state.lineCap = Number(args?.[0]) || 0;
        break;
      case OPS.shadingFill:
        stats.shadingOps++;
        break;
      case OPS.constructPath: {
        const paintOp = args?.[0];
        const data = (args?.[1] as unknown[] | undefined)?.[0];
        if (typeof paintOp !== 'number' || !args || !Array.isArray(args[1])) {
          stats.unparsedPaths++;
          break;
        }
        if (data === null || data === undefined) break; // an empty path
        if (!ArrayBuffer.isView(data) || !('length' in data)) {
          stats.unparsedPaths++;
          break;
        }
        const path = data as unknown as ArrayLike<number>;
        const isFill = fillOps.has(paintOp);
        const isStroke = strokeOps.has(paintOp);
        if (!isFill && !isStroke) break;
        if ((isFill && fillPattern) || (!isFill && strokePattern)) stats.patternPaints++;
        numbers += path.length;
        if (numbers > limits.maxPathNumbers) {
          stats.truncated = true;
          break;
        }
        if (isFill) {
          stats.fillOps++;
          if (!state.fillVisible) break;
          const subpaths = readSubpaths(path, state.ctm, limits.maxSubpaths - subpathCount);
          if (!subpaths) {
            stats.unparsedPaths++;
            break;
          }
          if (subpaths.length === 0) break;
          subpathCount += subpaths.length;
          if (subpathCount > limits.maxSubpaths) {
            stats.truncated = true;
            break;
          }
          paints.push(makePaint(subpaths, state.fillDark, evenOddOps.has(paintOp)));
          if (state.fillDark) stats.darkSubpaths += subpaths.length;
        } else if (state.strokeVisible) {
          const quads = strokeRuns(path, state);
          if (quads.length === 0) break;
          subpathCount += quads.length;
          if (subpathCount > limits.maxSubpaths) {
            stats.truncated = true;
            break;
          }
          stats.strokeShapes += quads.length;
          paints.push(makePaint(quads, state.strokeDark, false));
          if (state.strokeDark) stats.darkSubpaths += quads.length;
        }
        break;
      }
      default:
        if (imageOps.has(fn ?? -1)) stats.imageOps++;
        else if (maskOps.has(fn ?? -1)) stats.imageMaskOps++;
    }
  }
  return { paints, stats };
};

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** pdf.js 5 DrawOPS path → subpaths in page space (curves flattened), at most budget + 1; undefined when malformed. */
const readSubpaths = (path: ArrayLike<number>, ctm: Matrix, budget: number): Float64Array[] | undefined => {
  const out: Float64Array[] = [];
  let current: number[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  const flush = () => {
    if (current.length >= 6) out.push(Float64Array.from(current));
    current = [];
  };
  const push = (x: number, y: number) => {
    const [px, py] = apply(ctm, x, y);
    current.push(px, py);
  };
  let i = 0;
  const len = path.length;
  // past the budget: stop reading (the caller marks the page truncated)
  while (i < len && out.length <= budget) {
    const op = path[i++];
    switch (op) {
      case DRAW_MOVE:
        if (i + 2 > len) return undefined;
        flush();
        cx = sx = (path[i++] ?? 0);
        cy = sy = (path[i++] ?? 0);
        push(cx, cy);
        break;
      case DRAW_LINE:
        if (i + 2 > len) return undefined;
        cx = (path[i++] ?? 0);
        cy = (path[i++] ?? 0);
        push(cx, cy);
        break;
      case DRAW_CURVE: {
        if (i + 6 > len) return undefined;
        const [x1, y1, x2, y2, x3, y3] = [(path[i] ?? 0), (path[i + 1] ?? 0), (path[i + 2] ?? 0), (path[i + 3] ?? 0), (path[i + 4] ?? 0), (path[i + 5] ?? 0)];
        i += 6;
        for (let s = 1; s <= CURVE_STEPS; s++) {
          const t = s / CURVE_STEPS;
          const u = 1 - t;
          push(
            u * u * u * cx + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
            u * u * u * cy + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
          );
        }
        cx = x3;
        cy = y3;
        break;
      }
      case DRAW_QUAD: {
        if (i + 4 > len) return undefined;
        const [x1, y1, x2, y2] = [(path[i] ?? 0), (path[i + 1] ?? 0), (path[i + 2] ?? 0), (path[i + 3] ?? 0)];
        i += 4;
        for (let s = 1; s <= CURVE_STEPS; s++) {
          const t = s / CURVE_STEPS;
          const u = 1 - t;
          push(u * u * cx + 2 * u * t * x1 + t * t * x2, u * u * cy + 2 * u * t * y1 + t * t * y2);
        }
        cx = x2;
        cy = y2;
        break;
      }
      case DRAW_CLOSE:
        flush();
        // a path may go on from the start point without a moveTo
        cx = sx;
        cy = sy;
        push(cx, cy);
        break;
      default:
        return undefined;
    }
  }
  flush();
  for (const sub of out) for (const v of sub) if (!Number.isFinite(v)) return undefined;
  return out;
};

/** Short thick stroked line segments (a QR row drawn as strokes) → their outline quads in page space. */
const strokeRuns = (path: ArrayLike<number>, state: GraphicsState): Float64Array[] => {
  const { ctm } = state;
  const scale = Math.sqrt(Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]));
  const width = state.lineWidth * scale;
  if (!(width >= MIN_STROKE_WIDTH)) return [];
  const quads: Float64Array[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let i = 0;
  const segment = (x0: number, y0: number, x1: number, y1: number) => {
    const [ax, ay] = apply(ctm, x0, y0);
    const [bx, by] = apply(ctm, x1, y1);
    const length = Math.hypot(bx - ax, by - ay);
    if (length === 0 || length > MAX_STROKE_RUN * width) return;
    const dx = (bx - ax) / length;
    const dy = (by - ay) / length;
    const ext = state.lineCap === 0 ? 0 : width / 2;
    const nx = (-dy * width) / 2;
    const ny = (dx * width) / 2;
    const [px, py, qx, qy] = [ax - dx * ext, ay - dy * ext, bx + dx * ext, by + dy * ext];
    quads.push(Float64Array.of(px + nx, py + ny, qx + nx, qy + ny, qx - nx, qy - ny, px - nx, py - ny));
  };
  while (i < path.length) {
    const op = path[i++];
    if (op === DRAW_MOVE) {
      cx = sx = path[i++] ?? 0;
      cy = sy = path[i++] ?? 0;
    } else if (op === DRAW_LINE) {
      const x = path[i++] ?? 0;
      const y = path[i++] ?? 0;
      segment(cx, cy, x, y);
      cx = x;
      cy = y;
    } else if (op === DRAW_CURVE) {
      cx = path[i + 4] ?? 0;
      cy = path[i + 5] ?? 0;
      i += 6;
    } else if (op === DRAW_QUAD) {
      cx = path[i + 2] ?? 0;
      cy = path[i + 3] ?? 0;
      i += 4;
    } else if (op === DRAW_CLOSE) {
      segment(cx, cy, sx, sy);
      cx = sx;
      cy = sy;
    } else {
      return [];
    }
  }
  return quads;
};

const makePaint = (subpaths: Float64Array[], dark: boolean, evenOdd: boolean): Paint => {
  const boxes = new Float64Array(subpaths.length * 4);
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  subpaths.forEach((sub, k) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let j = 0; j < sub.length; j += 2) {
      const x = (sub[j] ?? 0);
      const y = (sub[j + 1] ?? 0);
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    boxes.set([x0, y0, x1, y1], k * 4);
    box[0] = Math.min(box[0], x0);
    box[1] = Math.min(box[1], y0);
    box[2] = Math.max(box[2], x1);
    box[3] = Math.max(box[3], y1);
  });
  return { dark, evenOdd, subpaths, boxes, box };
};

/** A QR-like group of dark shapes: its box and module size estimate, page space. */
interface Candidate {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  unit: number;
  count: number;
}

/** Smallest plausible module (page units, 1/72 in): below it a shape is a hairline. */
const MIN_UNIT = 0.05;
const MIN_CLUSTER_SHAPES = 10;

/** Groups dark shapes by proximity (union-find over a uniform grid) and keeps the QR-like groups. */
const findCandidates = (paints: Paint[], limits: VectorQrLimits): { candidates: Candidate[]; clustered: number } => {
  const shapes: Shape[] = [];
  for (const p of paints) {
    if (!p.dark) continue;
    for (let k = 0; k < p.subpaths.length; k++) {
      const x0 = (p.boxes[k * 4] ?? 0);
      const y0 = (p.boxes[k * 4 + 1] ?? 0);
      const x1 = (p.boxes[k * 4 + 2] ?? 0);
      const y1 = (p.boxes[k * 4 + 3] ?? 0);
      const unit = Math.min(x1 - x0, y1 - y0);
      if (unit >= MIN_UNIT) shapes.push({ x0, y0, x1, y1, unit });
    }
  }
  if (shapes.length < MIN_CLUSTER_SHAPES) return { candidates: [], clustered: 0 };

  const reach = (s: Shape) => s.unit * 2.5;
  const sizes = shapes.map((s) => Math.max(s.x1 - s.x0, s.y1 - s.y0) + 2 * reach(s)).sort((a, b) => a - b);
  const cell = Math.max((sizes[Math.floor(sizes.length / 2)] ?? 0), MIN_UNIT);
  const parent = Int32Array.from(shapes, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] ?? 0] ?? 0;
      i = (parent[i] ?? 0);
    }
    return i;
  };
  const overlaps = (a: Shape, b: Shape) => {
    const g = reach(a) + reach(b);
    return a.x0 - g <= b.x1 && b.x0 - g <= a.x1 && a.y0 - g <= b.y1 && b.y0 - g <= a.y1;
  };
  const grid = new Map<string, number[]>();
  const big: number[] = [];
  const MAX_CELLS = 64;
  shapes.forEach((s, i) => {
    const r = reach(s);
    const cx0 = Math.floor((s.x0 - r) / cell);
    const cx1 = Math.floor((s.x1 + r) / cell);
    const cy0 = Math.floor((s.y0 - r) / cell);
    const cy1 = Math.floor((s.y1 + r) / cell);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > MAX_CELLS) {
      big.push(i);
      return;
    }
    for (let gx = cx0; gx <= cx1; gx++) {
      for (let gy = cy0; gy <= cy1; gy++) {
        const key = `${gx},${gy}`;
        const list = grid.get(key);
        if (list) {
          for (const j of list) {
            const other = shapes[j];
            if (other && find(i) !== find(j) && overlaps(s, other)) parent[find(i)] = find(j);
          }
          if (list.length < 4_096) list.push(i);
        } else grid.set(key, [i]);
      }
    }
  });
  // large shapes (few on a real page): against everything, capped
  for (const i of big.slice(0, 64)) {
    const a = shapes[i];
    if (!a) continue;
    shapes.forEach((b, j) => {
      if (i !== j && find(i) !== find(j) && overlaps(a, b)) parent[find(i)] = find(j);
    });
  }

  const groups = new Map<number, number[]>();
  shapes.forEach((_, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(i);
    else groups.set(root, [i]);
  });

  const candidates: Candidate[] = [];
  let clustered = 0;
  for (const members of groups.values()) {
    if (members.length < MIN_CLUSTER_SHAPES) continue;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let area = 0;
    const units: number[] = [];
    for (const i of members) {
      const s = shapes[i];
      if (!s) continue;
      x0 = Math.min(x0, s.x0);
      y0 = Math.min(y0, s.y0);
      x1 = Math.max(x1, s.x1);
      y1 = Math.max(y1, s.y1);
      area += (s.x1 - s.x0) * (s.y1 - s.y0);
      units.push(s.unit);
    }
    units.sort((a, b) => a - b);
    const unit = (units[Math.floor(units.length * 0.1)] ?? 0);
    const w = x1 - x0;
    const h = y1 - y0;
    const span = Math.max(w, h) / unit;
    const aspect = Math.max(w, h) / Math.max(Math.min(w, h), MIN_UNIT);
    const fillRatio = area / Math.max(w * h, MIN_UNIT);
    if (span < 15 || span > 250 || aspect > 2.5 || fillRatio < 0.15) continue;
    clustered += members.length;
    candidates.push({ x0, y0, x1, y1, unit, count: members.length });
  }
  candidates.sort((a, b) => b.count - a.count);
  return { candidates: candidates.slice(0, limits.maxCandidates), clustered };
};

/** Pixels per module for the rasterised cluster: jsQR reads a clean 4 px/module bitmap reliably, and its time grows with the pixels. */
const PX_PER_MODULE = 4;
const QUIET_MODULES = 4;
/** A second try, when the first size did not decode (a misjudged module size). */
const PX_PER_MODULE_RETRY = 7;

/** Rasterises the paints touching a candidate (page y up → bitmap y down) into RGBA, white background. */
export const rasteriseRegion = (
  paints: readonly Paint[],
  region: { x0: number; y0: number; x1: number; y1: number },
  pxPerUnit: number,
): { rgba: Uint8ClampedArray; width: number; height: number } => {
  const width = Math.max(1, Math.ceil((region.x1 - region.x0) * pxPerUnit));
  const height = Math.max(1, Math.ceil((region.y1 - region.y0) * pxPerUnit));
  const gray = new Uint8Array(width * height).fill(255);
  const toX = (x: number) => (x - region.x0) * pxPerUnit;
  const toY = (y: number) => (region.y1 - y) * pxPerUnit;
  const rows: Array<number[] | undefined> = new Array<number[] | undefined>(height);
  for (const paint of paints) {
    const [bx0, by0, bx1, by1] = paint.box;
    if (bx1 < region.x0 || bx0 > region.x1 || by1 < region.y0 || by0 > region.y1) continue;
    rows.fill(undefined);
    let touched = false;
    // crossings per row: x and winding direction, packed as pairs
    paint.subpaths.forEach((sub, k) => {
      if (
        (paint.boxes[k * 4 + 2] ?? 0) < region.x0 ||
        (paint.boxes[k * 4] ?? 0) > region.x1 ||
        (paint.boxes[k * 4 + 3] ?? 0) < region.y0 ||
        (paint.boxes[k * 4 + 1] ?? 0) > region.y1
      ) {
        // a subpath wholly outside still matters for nonzero/even-odd only inside its own box: skip
        return;
      }
      const m = sub.length / 2;
      for (let j = 0; j < m; j++) {
        const ax = toX((sub[j * 2] ?? 0));
        const ay = toY((sub[j * 2 + 1] ?? 0));
        const nj = (j + 1) % m;
        const bx = toX((sub[nj * 2] ?? 0));
        const by = toY((sub[nj * 2 + 1] ?? 0));
        if (ay === by) continue;
        const dir = ay < by ? 1 : -1;
        const top = Math.min(ay, by);
        const bottom = Math.max(ay, by);
        // pixel rows whose centre (r + 0.5) lies in [top, bottom)
        const r0 = Math.max(0, Math.ceil(top - 0.5));
        const r1 = Math.min(height - 1, Math.ceil(bottom - 0.5) - 1);
        for (let r = r0; r <= r1; r++) {
          const yc = r + 0.5;
          const x = ax + ((yc - ay) * (bx - ax)) / (by - ay);
          const row = rows[r] ?? (rows[r] = []);
          row.push(x, dir);
          touched = true;
        }
      }
    });
    if (!touched) continue;
    const value = paint.dark ? 0 : 255;
    for (let r = 0; r < height; r++) {
      const row = rows[r];
      if (!row) continue;
      const order = Array.from({ length: row.length / 2 }, (_, k) => k).sort((a, b) => (row[a * 2] ?? 0) - (row[b * 2] ?? 0));
      let winding = 0;
      for (let k = 0; k < order.length; k++) {
        const idx = (order[k] ?? 0);
        const before = winding;
        winding += paint.evenOdd ? 1 : (row[idx * 2 + 1] ?? 0);
        const inside = paint.evenOdd ? (before & 1) === 1 : before !== 0;
        if (inside && k > 0) {
          // span from the previous crossing to this one: pixels whose centre lies inside
          const xa = row[(order[k - 1] ?? 0) * 2] ?? 0;
          const xb = (row[idx * 2] ?? 0);
          const c0 = Math.max(0, Math.ceil(xa - 0.5));
          const c1 = Math.min(width - 1, Math.ceil(xb - 0.5) - 1);
          if (c1 >= c0) gray.fill(value, r * width + c0, r * width + c1 + 1);
        }
      }
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const v = (gray[p] ?? 0);
    rgba[p * 4] = v;
    rgba[p * 4 + 1] = v;
    rgba[p * 4 + 2] = v;
    rgba[p * 4 + 3] = 255;
  }
  return { rgba, width, height };
};

/**
 * Finds and decodes QR codes drawn as vectors on one page, from its operator list.
 * `OPS` is pdf.js's operator table. Cheap on a page without QR-like fills (a pass
 * over the operators); the stats tell the caller whether a render is worth trying.
 */
export const decodeVectorQr = (opList: OperatorList, OPS: PdfOps, limits: VectorQrLimits = DEFAULT_VECTOR_QR_LIMITS): VectorQrResult => {
  const { paints, stats } = collectPaints(opList, OPS, limits);
  // a page past the caps is not searched further (nor rendered by the caller)
  if (stats.truncated) return { codes: [], stats };
  const { candidates, clustered } = findCandidates(paints, limits);
  stats.candidates = candidates.length;
  stats.looseDarkSubpaths = Math.max(0, stats.darkSubpaths - clustered);
  const found = new Map<string, QrCode>();
  for (const c of candidates) {
    const pad = c.unit * QUIET_MODULES;
    const region = { x0: c.x0 - pad, y0: c.y0 - pad, x1: c.x1 + pad, y1: c.y1 + pad };
    const side = Math.max(region.x1 - region.x0, region.y1 - region.y0);
    let decoded = false;
    for (const perModule of [PX_PER_MODULE, PX_PER_MODULE_RETRY]) {
      const pxPerUnit = Math.min(perModule / c.unit, limits.maxBitmapSide / side);
      const { rgba, width, height } = rasteriseRegion(paints, region, pxPerUnit);
      const code = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' });
      if (code && code.data !== '') {
        if (!found.has(code.data)) found.set(code.data, toQr(code.data));
        decoded = true;
        break;
      }
      if (pxPerUnit < perModule / c.unit) break; // already at the size cap
    }
    if (!decoded) stats.failedCandidates++;
  }
  return { codes: [...found.values()], stats };
};

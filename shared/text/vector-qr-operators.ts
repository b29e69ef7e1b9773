/**
 * Vector QR codes, step 1: walk a page's pdf.js operator list with the
 * graphics-state stack (save/restore, transform, form XObjects, annotations)
 * and collect every filled subpath in page space, plus short thick stroked
 * segments (SVG converters draw QR rows as strokes), with the fill colour
 * (dark or light). See vector-qr.ts for the whole method.
 */
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
export interface Paint {
  dark: boolean;
  evenOdd: boolean;
  /** Per subpath: x,y pairs (closed implicitly). */
  subpaths: Float64Array[];
  /** Per subpath: [x0, y0, x1, y1]. */
  boxes: Float64Array;
  box: [number, number, number, number];
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
export const collectPaints = (
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
  /** q, a form XObject or an annotation: a copy of the state, with the matrices given applied in order. */
  const save = (...matrices: unknown[]) => {
    stack.push(state);
    patternStack.push([fillPattern, strokePattern]);
    state = { ...state };
    for (const value of matrices) {
      const m = asMatrix(value);
      if (m) state.ctm = concat(m, state.ctm);
    }
  };
  const restore = () => {
    state = stack.pop() ?? state;
    [fillPattern, strokePattern] = patternStack.pop() ?? [fillPattern, strokePattern];
  };
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
        save();
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd:
      case OPS.endAnnotation:
        restore();
        break;
      case OPS.transform: {
        const m = asMatrix(args);
        if (m) state.ctm = concat(m, state.ctm);
        break;
      }
      case OPS.paintFormXObjectBegin:
        save(args?.[0]);
        break;
      case OPS.beginAnnotation:
        // [id, rect, transform, matrix, isUsingOwnCanvas]: the canvas applies transform, then matrix.
        save(args?.[2], args?.[3]);
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


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
import { findCandidates } from './vector-qr-clusters.ts';
import { collectPaints, DEFAULT_VECTOR_QR_LIMITS, type OperatorList, type PageGraphicsStats, type PdfOps, type VectorQrLimits } from './vector-qr-operators.ts';
import { rasteriseRegion } from './vector-qr-raster.ts';

export { DEFAULT_VECTOR_QR_LIMITS, type OperatorList, type PageGraphicsStats, type PdfOps, type VectorQrLimits } from './vector-qr-operators.ts';

export interface VectorQrResult {
  codes: QrCode[];
  stats: PageGraphicsStats;
}


/** Pixels per module for the rasterised cluster: jsQR reads a clean 4 px/module bitmap reliably, and its time grows with the pixels. */
const PX_PER_MODULE = 4;
const QUIET_MODULES = 4;
/** A second try, when the first size did not decode (a misjudged module size). */
const PX_PER_MODULE_RETRY = 7;

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

/**
 * QR codes on the pages of a text PDF, without rendering a page unless it is worth it.
 *
 * Per page, from the one operator list pdf.js builds for it:
 * 1. vector QR codes (shared/text/vector-qr.ts): filled modules, runs, outlines, strokes;
 * 2. embedded images and image masks, decoded with jsQR (1-bit, gray, RGB, RGBA);
 * 3. only when neither found anything in the document, a 130-dpi render of the first
 *    page(s) whose operator list says there is graphics we could not read: a QR-like
 *    vector cluster that did not decode, an image we could not get, path arguments in
 *    an unknown form, or many dark fills outside every cluster. A page of text, rules
 *    and boxes never pays for a render; nor does a page past the operator caps
 *    (rendering 60 000 paths takes seconds).
 */
import { getResolvedPDFJS } from 'unpdf';
import type { PDFDocumentProxy } from 'unpdf/pdfjs';
import { DocumentProcessingTimeoutError } from '#shared/domain/errors.ts';
import { withTimeout, type Deadline } from '#shared/intake/timeout.ts';
import { decodeQrCodes, decodeQrRaw, type QrCode, type RawImage } from './qr.ts';
import { renderPdfPage } from './render-pdf.ts';
import { decodeVectorQr, type OperatorList, type PageGraphicsStats, type PdfOps } from './vector-qr.ts';

export interface PdfQrOptions {
  /** Pages to scan, from 1. */
  pages: number;
  maxPixels: number;
  deadline: Deadline;
  /** Pages rendered at most when the cheap paths find nothing (default 1). */
  maxRenderPages?: number;
  /** Called per page with what the operator list held (for measurements and tests). */
  onPage?: (page: number, info: PageQrInfo) => void;
  /** Called when a page is rendered for the fallback. */
  onRender?: (page: number) => void;
}

export interface PageQrInfo {
  stats: PageGraphicsStats;
  images: { decoded: number; unreadable: number };
  vectorCodes: number;
  imageCodes: number;
  /** Worth a render if nothing is found elsewhere. */
  renderWorthy: boolean;
}

/** Dark filled subpaths outside every QR-like cluster above which a page counts as "vector art". */
export const LOOSE_FILLS_FOR_RENDER = 150;
/** Distinct images decoded per page at most. */
const MAX_IMAGES_PER_PAGE = 32;
const RENDER_DPI = 130;

const IMAGE_KIND_1BPP = 1;
const IMAGE_KIND_RGB = 2;
const IMAGE_KIND_RGBA = 3;

interface PdfImageObject {
  width?: number;
  height?: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray | string;
  bitmap?: unknown;
}

interface PdfObjects {
  get(id: string, callback: (value: unknown) => void): unknown;
}

const toRaw = (img: PdfImageObject | undefined, mask: boolean): RawImage | undefined => {
  if (!img || typeof img !== 'object' || !img.width || !img.height || !img.data || typeof img.data === 'string') return undefined;
  const { width, height, data } = img;
  if (mask || img.kind === IMAGE_KIND_1BPP) return { data, width, height, channels: 1, bits: 1 };
  const channels = img.kind === IMAGE_KIND_RGB ? 3 : img.kind === IMAGE_KIND_RGBA ? 4 : data.length / (width * height);
  return [1, 3, 4].includes(channels) ? { data, width, height, channels } : undefined;
};

const getObject = (objs: PdfObjects, id: string, ms: number): Promise<PdfImageObject | undefined> =>
  withTimeout(
    new Promise<PdfImageObject | undefined>((resolve) => {
      try {
        objs.get(id, (value) => resolve(value as PdfImageObject | undefined));
      } catch {
        resolve(undefined);
      }
    }),
    ms,
    `Reading image ${id}`,
  ).catch(() => undefined);

type PageProxy = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;

/** QR codes in the images and image masks a page paints. */
const decodePageImages = async (
  page: PageProxy,
  opList: OperatorList,
  OPS: PdfOps,
  deadline: Deadline,
): Promise<{ codes: QrCode[]; decoded: number; unreadable: number }> => {
  const codes: QrCode[] = [];
  const seen = new Set<string>();
  let decoded = 0;
  let unreadable = 0;
  const { fnArray, argsArray } = opList;
  for (let i = 0; i < fnArray.length && seen.size < MAX_IMAGES_PER_PAGE; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null | undefined;
    let raw: RawImage | undefined;
    if (fn === OPS.paintImageXObject || fn === OPS.paintImageXObjectRepeat) {
      const id = args?.[0];
      if (typeof id !== 'string' || seen.has(id)) continue;
      seen.add(id);
      const objs = (id.startsWith('g_') ? page.commonObjs : page.objs) as unknown as PdfObjects;
      raw = toRaw(await getObject(objs, id, Math.min(deadline.remaining(), 2_000)), false);
    } else if (fn === OPS.paintInlineImageXObject) {
      seen.add(`inline-${i}`);
      raw = toRaw(args?.[0] as PdfImageObject | undefined, false);
    } else if (fn === OPS.paintImageMaskXObject) {
      const img = args?.[0] as PdfImageObject | undefined;
      const key = typeof img?.data === 'string' ? img.data : `mask-${i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (typeof img?.data === 'string') {
        const objs = (img.data.startsWith('g_') ? page.commonObjs : page.objs) as unknown as PdfObjects;
        const stored = await getObject(objs, img.data, Math.min(deadline.remaining(), 2_000));
        raw = toRaw(stored && { ...stored, width: stored.width ?? img.width, height: stored.height ?? img.height }, true);
      } else raw = toRaw(img, true);
    } else continue;
    if (!raw) {
      unreadable++;
      continue;
    }
    decoded++;
    for (const qr of decodeQrRaw(raw)) if (!codes.some((c) => c.payload === qr.payload)) codes.push(qr);
  }
  return { codes, decoded, unreadable };
};

/**
 * Whether a page is worth a render: graphics we could not read, but not so many that
 * rendering them is itself the attack (a page past the operator caps is skipped).
 */
const renderWorthy = (stats: PageGraphicsStats, unreadableImages: number): boolean =>
  !stats.truncated &&
  (stats.failedCandidates > 0 ||
    unreadableImages > 0 ||
    stats.unparsedPaths > 0 ||
    stats.looseDarkSubpaths >= LOOSE_FILLS_FOR_RENDER);

/**
 * Finds the QR codes of a PDF with a text layer. Errors on one page (a broken content
 * stream) are skipped; only the document deadline throws.
 */
export const findPdfQrCodes = async (pdf: PDFDocumentProxy, options: PdfQrOptions): Promise<Array<QrCode & { page: number }>> => {
  const { OPS } = await getResolvedPDFJS();
  const ops = OPS as unknown as PdfOps;
  const { deadline } = options;
  const found: Array<QrCode & { page: number }> = [];
  const add = (qr: QrCode, page: number) => {
    if (!found.some((f) => f.payload === qr.payload && f.page === page)) found.push({ ...qr, page });
  };
  const worthRendering: number[] = [];
  for (let n = 1; n <= options.pages; n++) {
    let page: PageProxy;
    let opList: OperatorList;
    try {
      page = await withTimeout(pdf.getPage(n), deadline.remaining(), `Opening page ${n}`);
      opList = await withTimeout(page.getOperatorList(), deadline.remaining(), `Reading the graphics of page ${n}`);
    } catch (error) {
      if (error instanceof DocumentProcessingTimeoutError) deadline.remaining();
      continue;
    }
    const vector = decodeVectorQr(opList, ops);
    const images = await decodePageImages(page, opList, ops, deadline);
    for (const qr of vector.codes) add(qr, n);
    for (const qr of images.codes) add(qr, n);
    const worthy = vector.codes.length === 0 && images.codes.length === 0 && renderWorthy(vector.stats, images.unreadable);
    if (worthy) worthRendering.push(n);
    options.onPage?.(n, {
      stats: vector.stats,
      images: { decoded: images.decoded, unreadable: images.unreadable },
      vectorCodes: vector.codes.length,
      imageCodes: images.codes.length,
      renderWorthy: worthy,
    });
  }
  if (found.length > 0) return found;
  for (const n of worthRendering.slice(0, options.maxRenderPages ?? 1)) {
    try {
      const png = await renderPdfPage(pdf, n, { dpi: RENDER_DPI, timeoutMs: deadline.remaining(), maxPixels: options.maxPixels });
      // one pass at the rendered size (~1075 px for A4)
      for (const qr of await decodeQrCodes(png, { maxPixels: options.maxPixels, widths: [1100] })) add(qr, n);
      options.onRender?.(n);
    } catch (error) {
      if (error instanceof DocumentProcessingTimeoutError) deadline.remaining();
    }
  }
  return found;
};

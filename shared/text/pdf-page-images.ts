/**
 * The JPEG of a scanned PDF page, without rendering it.
 *
 * A scanner's PDF page is usually one JPEG (an image XObject with /Filter /DCTDecode)
 * drawn over the whole page. Rendering it with pdf.js decodes the JPEG in JavaScript
 * and draws it at 300 dpi (3–5 s per A4 page on two cores); the embedded JPEG read by
 * sharp is the same picture at no cost. This module hands out those bytes only when
 * that is certain, and `undefined` otherwise, so that the caller renders as before:
 *
 * - pdf-lib reads the page (its content streams, resources, boxes), pdf.js stays the
 *   reference: the page count, the page box and /Rotate must agree between the two;
 * - the content stream may hold nothing but `q`, `Q`, `cm` and exactly one `Do`
 *   (no text, paths, colour or graphics state), and the page no annotations;
 * - the image is a plain 8-bit JPEG (DCTDecode alone, gray or RGB, no masks, no
 *   /Decode, no /ColorTransform, no EXIF rotation, header size = /Width × /Height,
 *   at most `maxPixels`), its JPEG stream complete (SOI … EOI);
 * - it is drawn upright (no rotation, no mirroring, no /Rotate on the page) and covers
 *   at least 95 % of the page box, with at most 5 % of it outside the page.
 *
 * Nothing is decoded or re-encoded; any error while looking is a plain `undefined`.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  ParseSpeeds,
  decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import sharp from 'sharp';
import type { PDFDocumentProxy } from './pdf-document.ts';
import { concat, IDENTITY, type Matrix } from './pdf-matrix.ts';

export interface PageJpegOptions {
  /** A JPEG with more pixels than this is left to the renderer, which scales the page down. */
  maxPixels?: number;
}

/** Share of the page the image must cover, and of the image that must lie on the page. */
export const MIN_PAGE_COVERAGE = 0.95;
/** Page boxes of pdf.js and pdf-lib may differ by rounding, no more (points). */
const BOX_TOLERANCE = 1;
/** Content streams longer than this are not "one image" (bytes, decoded). */
const MAX_CONTENT_BYTES = 4_096;



/** One parsed PDF per input buffer: the pages of a document are asked for one by one. */
const parsed = new WeakMap<Uint8Array, Promise<PDFDocument | undefined>>();

const loadPdfLib = (bytes: Uint8Array): Promise<PDFDocument | undefined> => {
  let doc = parsed.get(bytes);
  if (!doc) {
    // Encrypted documents throw here (their streams would need decrypting): rendered as before.
    doc = PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, throwOnInvalidObject: true }).catch(
      () => undefined,
    );
    parsed.set(bytes, doc);
  }
  return doc;
};

const tokenRe = /\/[^\s/[\]()<>{}%]*|[+-]?(?:\d+\.?\d*|\.\d+)(?![\w.])|[A-Za-z'"*]+|\S/gu;
const numberRe = /^[+-]?(?:\d+\.?\d*|\.\d+)$/u;

/**
 * The transform and XObject name of the one image a content stream paints, if it does
 * nothing but q/Q/cm and a single Do.
 */
export const singleDoTransform = (content: string): { name: string; ctm: Matrix } | undefined => {
  const stack: Matrix[] = [];
  let ctm = IDENTITY;
  let operands: string[] = [];
  let found: { name: string; ctm: Matrix } | undefined;
  for (const [token] of content.matchAll(tokenRe)) {
    if (numberRe.test(token) || token.startsWith('/')) {
      operands.push(token);
      continue;
    }
    switch (token) {
      case 'q':
        if (operands.length || stack.length >= 28) return undefined;
        stack.push(ctm);
        break;
      case 'Q':
        if (operands.length) return undefined;
        ctm = stack.pop() ?? IDENTITY;
        break;
      case 'cm': {
        const m = operands.map(Number);
        if (m.length !== 6 || operands.some((o) => o.startsWith('/')) || !m.every(Number.isFinite)) return undefined;
        ctm = concat(m as Matrix, ctm);
        break;
      }
      case 'Do': {
        const name = operands[0];
        if (found || operands.length !== 1 || !name?.startsWith('/')) return undefined;
        found = { name: name.slice(1), ctm };
        break;
      }
      default:
        // Text, paths, colours, graphics states, inline images, marked content, comments…
        return undefined;
    }
    operands = [];
  }
  return operands.length ? undefined : found;
};

const pdfNumber = (obj: PDFObject | undefined): number | undefined => (obj instanceof PDFNumber ? obj.asNumber() : undefined);

/** The page's decoded content, when it is a stream or an array of streams. */
const pageContent = (doc: PDFDocument, contents: PDFObject | undefined): string | undefined => {
  const streams: Array<PDFObject | undefined> = contents instanceof PDFArray ? contents.asArray().map((o) => doc.context.lookup(o)) : [contents];
  let text = '';
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) return undefined;
    const decoded = decodePDFRawStream(stream).decode();
    text += `${Buffer.from(decoded).toString('latin1')}\n`;
    if (text.length > MAX_CONTENT_BYTES) return undefined;
  }
  return text;
};

/** Gray or RGB, nothing that would need converting or masking. */
const plainColourSpace = (cs: PDFObject | undefined): boolean => {
  if (cs instanceof PDFName) return cs === PDFName.of('DeviceGray') || cs === PDFName.of('DeviceRGB');
  if (cs instanceof PDFArray && cs.size() === 2 && cs.lookup(0) === PDFName.of('ICCBased')) {
    const icc = cs.lookup(1);
    const n = icc instanceof PDFRawStream ? pdfNumber(icc.dict.lookup(PDFName.of('N'))) : undefined;
    return n === 1 || n === 3;
  }
  return false;
};

const onlyDct = (filter: PDFObject | undefined): boolean => {
  const dct = PDFName.of('DCTDecode');
  if (filter === dct) return true;
  return filter instanceof PDFArray && filter.size() === 1 && filter.lookup(0) === dct;
};

/** SOI at the start, EOI at the end (a few bytes of padding allowed): the stream is not cut short. */
const completeJpeg = (jpeg: Uint8Array): boolean => {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return false;
  for (let i = jpeg.length - 2; i >= Math.max(2, jpeg.length - 32); i--) {
    if (jpeg[i] === 0xff && jpeg[i + 1] === 0xd9) return true;
  }
  return false;
};

/** The raw JPEG bytes of an image XObject, when they can be read as they are. */
const plainJpeg = async (xobject: PDFObject | undefined, maxPixels: number): Promise<Uint8Array | undefined> => {
  if (!(xobject instanceof PDFRawStream)) return undefined;
  const { dict } = xobject;
  const get = (key: string) => dict.lookup(PDFName.of(key));
  if (get('Subtype') !== PDFName.of('Image') || !onlyDct(get('Filter'))) return undefined;
  if (get('ImageMask') !== undefined || get('Mask') !== undefined || get('SMask') !== undefined || get('Decode') !== undefined) return undefined;
  if (get('SMaskInData') !== undefined || get('Alternates') !== undefined || get('OC') !== undefined) return undefined;
  const parms = get('DecodeParms');
  if (parms !== undefined && !(parms instanceof PDFDict && parms.keys().length === 0)) return undefined;
  const width = pdfNumber(get('Width'));
  const height = pdfNumber(get('Height'));
  const bits = pdfNumber(get('BitsPerComponent'));
  if (!width || !height || (bits !== undefined && bits !== 8) || width * height > maxPixels) return undefined;
  if (!plainColourSpace(get('ColorSpace'))) return undefined;
  const jpeg = xobject.contents;
  if (!completeJpeg(jpeg)) return undefined;
  const meta = await sharp(jpeg, { limitInputPixels: maxPixels }).metadata();
  if (meta.format !== 'jpeg' || meta.width !== width || meta.height !== height) return undefined;
  if ((meta.orientation ?? 1) !== 1 || (meta.channels !== 1 && meta.channels !== 3)) return undefined;
  return new Uint8Array(jpeg);
};

/** Whether the unit square under `ctm` is upright and covers the page box [x0, y0, x1, y1]. */
export const coversPage = (ctm: Matrix, box: readonly number[]): boolean => {
  const [a, b, c, d, e, f] = ctm;
  const [bx0 = 0, by0 = 0, bx1 = 0, by1 = 0] = box;
  if (a <= 0 || d <= 0 || Math.abs(b) > 1e-6 * a || Math.abs(c) > 1e-6 * d) return false;
  const pageArea = (bx1 - bx0) * (by1 - by0);
  if (!(pageArea > 0)) return false;
  const w = Math.min(e + a, bx1) - Math.max(e, bx0);
  const h = Math.min(f + d, by1) - Math.max(f, by0);
  const overlap = Math.max(0, w) * Math.max(0, h);
  return overlap >= MIN_PAGE_COVERAGE * pageArea && overlap >= MIN_PAGE_COVERAGE * a * d;
};

/**
 * The embedded JPEG of page `pageNumber` (1-based) when the page is exactly one upright
 * full-page JPEG image and nothing else; `undefined` when it must be rendered.
 * `bytes` is the PDF that `pdf` was opened from.
 */
export const pageJpeg = async (
  bytes: Uint8Array,
  pdf: PDFDocumentProxy,
  pageNumber: number,
  options: PageJpegOptions = {},
): Promise<Uint8Array | undefined> => {
  try {
    const doc = await loadPdfLib(bytes);
    if (!doc || doc.getPageCount() !== pdf.numPages) return undefined;
    const proxy = await pdf.getPage(pageNumber);
    const view = proxy.view;
    if (proxy.rotate % 360 !== 0) return undefined;

    const page = doc.getPage(pageNumber - 1);
    if (page.getRotation().angle % 360 !== 0) return undefined;
    const crop = page.getCropBox();
    const media = page.getMediaBox();
    // pdf.js' view is the crop box clipped to the media box.
    const x0 = Math.max(crop.x, media.x);
    const y0 = Math.max(crop.y, media.y);
    const x1 = Math.min(crop.x + crop.width, media.x + media.width);
    const y1 = Math.min(crop.y + crop.height, media.y + media.height);
    if ([x0, y0, x1, y1].some((v, i) => Math.abs(v - (view[i] ?? Number.NaN)) > BOX_TOLERANCE)) return undefined;

    const annots = page.node.lookup(PDFName.of('Annots'));
    if (annots instanceof PDFArray ? annots.size() > 0 : annots !== undefined) return undefined;

    const content = pageContent(doc, page.node.lookup(PDFName.of('Contents')));
    const drawn = content === undefined ? undefined : singleDoTransform(content);
    if (!drawn || !coversPage(drawn.ctm, view)) return undefined;

    const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'));
    if (!(xobjects instanceof PDFDict)) return undefined;
    return await plainJpeg(xobjects.lookup(PDFName.of(drawn.name)), options.maxPixels ?? Number.MAX_SAFE_INTEGER);
  } catch {
    return undefined;
  }
};

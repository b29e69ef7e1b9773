import { constants, inflateSync } from 'node:zlib';
import { DocumentTooComplexError } from '#shared/domain/errors.ts';

/**
 * Bounds on what a PDF expands to, checked on the raw bytes before pdf.js
 * sees them: a 520 KB file whose content stream inflates to 256 MB of path
 * operators, or 1 MB of deflated NULs that become 1 GB, is refused here in
 * milliseconds (422 DOCUMENT_TOO_COMPLEX) instead of costing gigabytes later.
 */
export interface ComplexityLimits {
  /** Inflated bytes of one content, form or object stream. */
  maxStreamBytes: number;
  /** Inflated bytes of one embedded font program (CJK fonts are large). */
  maxFontBytes: number;
  /** Inflated bytes of one image stream (also bounded by its own Width × Height). */
  maxImageBytes: number;
  /** Inflated bytes of all streams together. */
  maxTotalBytes: number;
  /** Operators in all content streams together (path, text and state operators). */
  maxOperators: number;
  /** Width × Height of one image. */
  maxPixels: number;
  /** Streams in the file. */
  maxStreams: number;
}

export const DEFAULT_COMPLEXITY: ComplexityLimits = {
  maxStreamBytes: 16 * 1024 * 1024,
  maxFontBytes: 32 * 1024 * 1024,
  maxImageBytes: 128 * 1024 * 1024,
  maxTotalBytes: 384 * 1024 * 1024,
  maxOperators: 1_000_000,
  maxPixels: 100_000_000,
  maxStreams: 50_000,
} as const;

const tooComplex = (detail: string, details: Record<string, unknown>) =>
  new DocumentTooComplexError(`The PDF is too complex to read: ${detail}.`, { details });

const num = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d{1,10})(?![\\d.]|\\s+\\d+\\s+R)`, 'u').exec(dict);
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

/** Byte classes: 1 whitespace or delimiter, 2 a letter that can start an operator (a–z, A–Z, *, ', "). */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = 2;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = 2;
for (const c of [0x2a, 0x27, 0x22]) CLASS[c] = 2;

/** Counts operator tokens (tokens that start with a letter, `*`, `'` or `"`), skipping literal strings. Over-counts inline image data, never under-counts. */
export const countOperators = (data: Uint8Array, stopAt: number): number => {
  let count = 0;
  let depth = 0;
  let prev = 0x20;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as number;
    if (depth > 0) {
      if (c === 0x5c) i++;
      else if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
      prev = 0x20;
      continue;
    }
    if (c === 0x28) {
      depth = 1;
      continue;
    }
    if (CLASS[c] === 2 && CLASS[prev] === 1 && prev !== 0x2f && ++count > stopAt) return count;
    prev = c;
  }
  return count;
};

const inflateBounded = (data: Uint8Array, max: number): Buffer | 'over' | undefined => {
  try {
    return inflateSync(data, { maxOutputLength: max + 1, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'over';
    return undefined; // corrupt data: pdf.js decides what it makes of it
  }
};

/** Throws DocumentTooComplexError when a bound is crossed; otherwise returns what it measured. */
export const assertPdfComplexity = (bytes: Uint8Array, limits: ComplexityLimits = DEFAULT_COMPLEXITY) => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('latin1');
  const keyword = /stream(?:\r\n|\n|\r)/gu;
  let streams = 0;
  let total = 0;
  let operators = 0;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    if (m.index >= 3 && text.slice(m.index - 3, m.index) === 'end') continue;
    streams++;
    if (streams > limits.maxStreams) throw tooComplex(`more than ${limits.maxStreams} streams`, { maxStreams: limits.maxStreams });
    const start = m.index + m[0].length;
    const dictFrom = Math.max(0, text.lastIndexOf(' obj', m.index), m.index - 4096);
    const dict = text.slice(dictFrom, m.index);
    const declared = num(dict, 'Length');
    const endAt = text.indexOf('endstream', start);
    const end = declared !== undefined && start + declared <= buf.length ? start + declared : endAt < 0 ? buf.length : endAt;
    keyword.lastIndex = Math.max(keyword.lastIndex, end);
    const isImage = /\/Subtype\s*\/Image\b/u.test(dict);
    const isFont = /\/Length1\b|\/Subtype\s*\/(?:Type1C|CIDFontType0C|OpenType)\b/u.test(dict);
    const isContent = !isImage && !isFont && !/\/Type\s*\/(?:ObjStm|XRef|Metadata|EmbeddedFile)\b/u.test(dict);
    let max = isFont ? limits.maxFontBytes : limits.maxStreamBytes;
    if (isImage) {
      const width = num(dict, 'Width');
      const height = num(dict, 'Height');
      if (width !== undefined && height !== undefined) {
        if (width * height > limits.maxPixels) {
          throw tooComplex(`an image of ${width} × ${height} pixels (the limit is ${limits.maxPixels})`, { width, height, maxPixels: limits.maxPixels });
        }
        max = Math.min(limits.maxImageBytes, width * height * 4 * 2 + 65_536);
      } else max = limits.maxImageBytes;
    }
    if (!/\/(?:FlateDecode|Fl)\b/u.test(dict)) {
      total += end - start;
      continue;
    }
    const inflated = inflateBounded(buf.subarray(start, end), max);
    if (inflated === 'over') throw tooComplex(`a stream inflates to more than ${max} bytes`, { maxStreamBytes: max });
    if (!inflated) continue;
    total += inflated.length;
    if (total > limits.maxTotalBytes) throw tooComplex(`its streams inflate to more than ${limits.maxTotalBytes} bytes`, { maxTotalBytes: limits.maxTotalBytes });
    if (isContent) {
      operators += countOperators(inflated, limits.maxOperators - operators);
      if (operators > limits.maxOperators) throw tooComplex(`more than ${limits.maxOperators} drawing operators`, { maxOperators: limits.maxOperators });
    }
  }
  return { streams, inflatedBytes: total, operators };
};

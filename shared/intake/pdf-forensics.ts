import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import type { Box, TextPage } from '#shared/text/types.ts';

/**
 * What a PDF's own structure says about its history (PRODUCT.md step 3, "PDF forensics").
 * Evidence for the checks, never a verdict: a genuine lab may well sign its PDFs with Acrobat.
 *
 * Sources, in order: the document information dictionaries found in the raw bytes (every
 * revision's, so an edit that left the original Producer behind shows both), the info that
 * pdf.js parsed (covers Info dictionaries inside compressed object streams), and XMP.
 */

/** Editing tools that fraud analysts look for in Producer / Creator / XMP CreatorTool, with the name we report. */
export const EDITING_TOOL_SIGNATURES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  // Acrobat itself edits; Distiller and PDFMaker only create.
  { name: 'Adobe Acrobat', pattern: /\bAcrobat\b(?!\s*(?:Distiller|PDFMaker|Web Capture))/iu },
  { name: 'Adobe Photoshop', pattern: /Photoshop/iu },
  { name: 'Adobe Illustrator', pattern: /Illustrator/iu },
  { name: 'Wondershare PDFelement', pattern: /PDFelement|Wondershare/iu },
  { name: 'Foxit', pattern: /Foxit\s*(?:PhantomPDF|PDF\s*Editor|Editor|Reader|PDF)/iu },
  { name: 'iLovePDF', pattern: /ilovepdf/iu },
  { name: 'Smallpdf', pattern: /smallpdf/iu },
  { name: 'Sejda', pattern: /sejda/iu },
  { name: 'PDF-XChange', pattern: /PDF-?XChange/iu },
  { name: 'Nitro PDF', pattern: /\bNitro\b/iu },
  { name: 'WPS Office', pattern: /\bWPS\b|Kingsoft|金山/iu },
  { name: 'Soda PDF', pattern: /Soda\s*PDF/iu },
  { name: 'PDFescape', pattern: /PDFescape/iu },
  { name: 'PDF Candy', pattern: /PDF\s*Candy/iu },
  { name: 'Master PDF Editor', pattern: /Master\s*PDF/iu },
  { name: 'PDF Expert', pattern: /PDF\s*Expert/iu },
  { name: 'Apple Preview (Quartz PDFContext)', pattern: /Quartz\s*PDFContext|\bPreview\b/iu },
  { name: 'GIMP', pattern: /\bGIMP\b/iu },
  { name: 'Inkscape', pattern: /Inkscape/iu },
  { name: '迅捷PDF编辑器', pattern: /迅捷|Xunjie/iu },
  { name: '福昕', pattern: /福昕/u },
];

export const detectEditingTools = (names: Iterable<string>): string[] => {
  const found = new Set<string>();
  for (const n of names) {
    for (const sig of EDITING_TOOL_SIGNATURES) if (sig.pattern.test(n)) found.add(sig.name);
  }
  return [...found];
};

const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** Decodes the bytes of a PDF string (after escapes): UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ latin1. */
const decodePdfStringBytes = (raw: string): string => {
  const bytes = Buffer.from(raw, 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2);
    const swapped = Buffer.alloc(body.length - (body.length % 2));
    for (let i = 0; i + 1 < body.length; i += 2) {
      swapped[i] = body[i + 1] ?? 0;
      swapped[i + 1] = body[i] ?? 0;
    }
    return swapped.toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return raw;
};

/** Reads a literal `( … )` string starting at `start` (the opening parenthesis). */
const readLiteral = (s: string, start: number): string | undefined => {
  let depth = 0;
  let out = '';
  for (let i = start; i < s.length && i < start + 4096; i++) {
    const c = s[i] as string;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) return undefined;
      const oct = /^[0-7]{1,3}/u.exec(s.slice(i + 1, i + 4));
      if (oct) {
        out += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
        i += oct[0].length;
        continue;
      }
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
      if (n === '\r' || n === '\n') {
        i += n === '\r' && s[i + 2] === '\n' ? 2 : 1;
        continue;
      }
      out += map[n] ?? n;
      i++;
      continue;
    }
    if (c === '(') {
      depth++;
      if (depth === 1) continue;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return decodePdfStringBytes(out);
    }
    out += c;
  }
  return undefined;
};

const readHex = (s: string, start: number): string | undefined => {
  const end = s.indexOf('>', start);
  if (end < 0 || end - start > 8192) return undefined;
  const hex = s.slice(start + 1, end).replace(/\s+/gu, '');
  if (!/^[0-9a-f]*$/iu.test(hex)) return undefined;
  return decodePdfStringBytes(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1'));
};

/** Every value of `/Key (string)` or `/Key <hex>` in the uncompressed parts of the file, in file order. */
export const rawStringValues = (text: string, key: string): string[] => {
  const out: string[] = [];
  const re = new RegExp(`/${key}\\s*(?:([(<])|(\\d+)\\s+(\\d+)\\s+R\\b)`, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let value: string | undefined;
    if (m[1]) {
      const open = m.index + m[0].length - 1;
      if (m[1] === '<' && text[open + 1] === '<') continue; // a dictionary, not a string
      value = m[1] === '(' ? readLiteral(text, open) : readHex(text, open);
    } else {
      // an indirect reference: `/Producer 10 0 R` … `10 0 obj (…) endobj`
      const obj = new RegExp(`(?:^|[\\s>])${m[2]}\\s+${m[3]}\\s+obj\\s*([(<])`, 'u').exec(text);
      if (obj?.[1]) {
        const open = obj.index + obj[0].length - 1;
        value = obj[1] === '(' ? readLiteral(text, open) : text[open + 1] === '<' ? undefined : readHex(text, open);
      }
    }
    if (value !== undefined && value.trim() !== '') out.push(value.trim());
  }
  return out;
};

/** `D:YYYYMMDDHHmmSSOHH'mm'` (any suffix optional) → ISO 8601, or undefined. */
export const parsePdfDate = (raw: string | undefined): string | undefined => {
  if (!raw) return undefined;
  const s = raw.trim();
  if (/^\d{4}-\d{2}(-\d{2})?/u.test(s)) {
    const iso = new Date(s);
    return Number.isNaN(iso.getTime()) ? undefined : iso.toISOString();
  }
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz])|([+-])(\d{2})'?(?:(\d{2})'?)?)?/u.exec(s);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', , sign, oh, om] = m;
  const offset = sign ? `${sign}${oh ?? '00'}:${om ?? '00'}` : 'Z';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** Tags inside XMP packets (`<xmp:CreatorTool>…</…>` or `xmp:CreatorTool="…"`). */
const xmpValues = (xmp: string, tag: string): string[] => {
  const out: string[] = [];
  const element = new RegExp(`<${tag}>([^<]{1,500})</${tag}>`, 'gu');
  for (let m = element.exec(xmp); m; m = element.exec(xmp)) if (m[1]) out.push(m[1].trim());
  const attribute = new RegExp(`${tag}="([^"]{1,500})"`, 'gu');
  for (let m = attribute.exec(xmp); m; m = attribute.exec(xmp)) if (m[1]) out.push(m[1].trim());
  // <rdf:Alt><rdf:li>…</rdf:li></rdf:Alt> and softwareAgent entries of xmpMM:History
  const nested = new RegExp(`<${tag}>\\s*<rdf:(?:Alt|Seq|Bag)>([\\s\\S]{0,2000}?)</rdf:(?:Alt|Seq|Bag)>`, 'gu');
  for (let m = nested.exec(xmp); m; m = nested.exec(xmp)) {
    for (const li of (m[1] ?? '').matchAll(/<rdf:li[^>]*>([^<]{1,500})<\/rdf:li>/gu)) if (li[1]) out.push(li[1].trim());
  }
  return out;
};

const countMatches = (text: string, re: RegExp): number => [...text.matchAll(re)].length;

/** Revisions appended after the first save, from %%EOF, startxref and trailer /Prev counts. */
export const countIncrementalUpdates = (text: string): number => {
  const eof = countMatches(text, /%%EOF/gu);
  const startxref = countMatches(text, /\bstartxref\b/gu);
  // /Prev only counts in trailers and xref-stream dictionaries (outline items have /Prev too).
  let prev = 0;
  for (const m of text.matchAll(/trailer\s*<<([\s\S]{0,4000}?)>>\s*startxref/gu)) if (/\/Prev\s+\d/u.test(m[1] ?? '')) prev++;
  for (const m of text.matchAll(/\/Type\s*\/XRef\b/gu)) {
    const from = Math.max(text.lastIndexOf(' obj', m.index), m.index - 4000, 0);
    const streamAt = text.indexOf('stream', m.index);
    const dict = text.slice(from, streamAt < 0 ? m.index + 4000 : Math.min(streamAt, m.index + 4000));
    if (/\/Prev\s+\d/u.test(dict)) prev++;
  }
  // A linearized file carries a first-page trailer: one extra %%EOF, startxref and /Prev that are not edits.
  const linearized = /\/Linearized\s+[\d.]+/u.test(text.slice(0, 2048)) ? 1 : 0;
  return Math.max(0, Math.max(eof - 1, startxref - 1, prev) - linearized);
};

export interface PdfMetadataHints {
  /** The Info dictionary as pdf.js parsed it (`getMetadata().info`). */
  info?: Record<string, unknown>;
  /** The raw XMP packet, when pdf.js found one (`getMetadata().metadata.getRaw()`). */
  xmp?: string;
}

/** Seconds of slack before a modification date counts as "after creation" (generators stamp both a moment apart). */
export const MODIFICATION_SLACK_MS = 60_000;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export const analysePdfForensics = (bytes: Uint8Array, hints: PdfMetadataHints = {}): PdfForensics => {
  const text = latin1(bytes);
  const rawProducers = rawStringValues(text, 'Producer');
  const rawCreators = rawStringValues(text, 'Creator');
  const xmpPackets = [...(hints.xmp ? [hints.xmp] : []), ...[...text.matchAll(/<x:xmpmeta[\s\S]{0,200000}?<\/x:xmpmeta>/gu)].map((m) => m[0])];
  const xmpProducers = xmpPackets.flatMap((x) => xmpValues(x, 'pdf:Producer'));
  const xmpCreators = xmpPackets.flatMap((x) => [...xmpValues(x, 'xmp:CreatorTool'), ...xmpValues(x, 'stEvt:softwareAgent')]);

  // The last revision's values win; pdf.js reads the current Info dictionary.
  const producer = str(hints.info?.Producer) ?? rawProducers.at(-1) ?? xmpProducers.at(-1);
  const creator = str(hints.info?.Creator) ?? rawCreators.at(-1) ?? xmpCreators.at(-1);
  const creationDate =
    parsePdfDate(str(hints.info?.CreationDate) ?? rawStringValues(text, 'CreationDate').at(-1)) ??
    parsePdfDate(xmpPackets.flatMap((x) => xmpValues(x, 'xmp:CreateDate')).at(-1));
  const modificationDate =
    parsePdfDate(str(hints.info?.ModDate) ?? rawStringValues(text, 'ModDate').at(-1)) ??
    parsePdfDate(xmpPackets.flatMap((x) => xmpValues(x, 'xmp:ModifyDate')).at(-1));

  const modifiedAfterCreation =
    creationDate !== undefined &&
    modificationDate !== undefined &&
    Date.parse(modificationDate) - Date.parse(creationDate) > MODIFICATION_SLACK_MS;

  const names = [producer, creator, ...rawProducers, ...rawCreators, ...xmpProducers, ...xmpCreators].filter(
    (n): n is string => n !== undefined,
  );
  const result: PdfForensics = {
    modifiedAfterCreation,
    incrementalUpdates: countIncrementalUpdates(text),
    editingTools: detectEditingTools(names),
  };
  if (producer) result.producer = producer;
  if (creator) result.creator = creator;
  if (creationDate) result.creationDate = creationDate;
  if (modificationDate) result.modificationDate = modificationDate;
  return result;
};

const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.left + b.width && a.left + a.width > b.left && a.top < b.top + b.height && a.top + a.height > b.top;

/**
 * The covered-text evidence of a text layer (TextPage.hidden): each hidden
 * line with the visible text printed over or beside it on the same row.
 */
export const coveredTextEvidence = (pages: readonly TextPage[]): NonNullable<PdfForensics['coveredText']> =>
  pages.flatMap((p) =>
    (p.hidden ?? []).map((h) => ({
      page: p.pageNumber,
      hidden: h.text,
      visible: p.lines
        .filter((l) => overlaps(l.box, h.box))
        .map((l) => l.text)
        .join(' '),
      box: h.box,
    })),
  );

/**
 * The bytes of the file as its first save left them, when incremental updates were
 * appended since: everything up to the first `%%EOF` that ends a revision (a linearized
 * file's first-page trailer does not). `undefined` for a file of one revision.
 */
export const originalRevision = (bytes: Uint8Array): Uint8Array | undefined => {
  const text = latin1(bytes);
  const ends: number[] = [];
  for (const m of text.matchAll(/%%EOF[ \t]*(?:\r\n|\r|\n)?/gu)) ends.push(m.index + m[0].length);
  const linearized = /\/Linearized\s+[\d.]+/u.test(text.slice(0, 2048)) ? 1 : 0;
  const first = ends[linearized];
  // The last %%EOF ends the current revision; trailing bytes after it are not a revision.
  if (first === undefined || ends.length - linearized < 2 || text.slice(first).trim() === '') return undefined;
  return bytes.subarray(0, first);
};

type RewrittenText = NonNullable<PdfForensics['rewrittenText']>[number];

const sameRow = (a: Box, b: Box): boolean => overlaps(a, b) || (Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top) > 0.5 * Math.min(a.height, b.height) && Math.abs(a.left - b.left) < 0.02);

const union = (boxes: readonly Box[]): Box => {
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const right = Math.max(...boxes.map((b) => b.left + b.width));
  const bottom = Math.max(...boxes.map((b) => b.top + b.height));
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return { left: round(left), top: round(top), width: round(right - left), height: round(bottom - top) };
};

/** The words that differ: the common leading and trailing words of both texts removed ("Report No.: A" → "Report No.: B" is A → B). */
const changedWords = (before: string, after: string): { before: string; after: string } => {
  const a = before.split(/\s+/u).filter(Boolean);
  const b = after.split(/\s+/u).filter(Boolean);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { before: a.slice(head, a.length - tail).join(' '), after: b.slice(head, b.length - tail).join(' ') };
};

/** At most this many differences are reported (a page replaced wholesale is one finding, not hundreds). */
const MAX_REWRITTEN = 20;

/**
 * What an incremental update changed on the pages: the lines of the first revision and
 * of the current one (what a reader shows) compared page by page. Lines that are the
 * same in both are left out; a changed line is reported with its words before and
 * after and the box they share; text the update added or removed has an empty side.
 */
export const rewrittenTextEvidence = (original: readonly TextPage[], current: readonly TextPage[]): RewrittenText[] => {
  const out: RewrittenText[] = [];
  for (const page of current) {
    const before = original.find((p) => p.pageNumber === page.pageNumber)?.lines ?? [];
    const unmatched = [...before];
    const added = page.lines.filter((line) => {
      const i = unmatched.findIndex((o) => o.text === line.text);
      if (i < 0) return true;
      unmatched.splice(i, 1);
      return false;
    });
    for (const old of unmatched) {
      const now = added.filter((l) => sameRow(l.box, old.box));
      for (const l of now) added.splice(added.indexOf(l), 1);
      const words = changedWords(old.text, now.map((l) => l.text).join(' '));
      out.push({ page: page.pageNumber, ...words, box: union([old.box, ...now.map((l) => l.box)]) });
    }
    for (const l of added) out.push({ page: page.pageNumber, before: '', after: l.text, box: l.box });
  }
  return out.slice(0, MAX_REWRITTEN);
};

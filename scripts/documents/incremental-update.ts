/**
 * A page rewritten in an incremental update, as PDF editors save an edit: the original
 * file's bytes stay as they are, and an update appended after its %%EOF carries a new
 * content stream (and the fonts it needs) and the page object again, pointing at them,
 * with an xref section and a trailer whose /Prev is the original's. A reader shows the
 * new page; the original revision is still in the file.
 *
 * The new page is another PDF's page (pdf-lib copies it, with its resources, into the
 * original's object space), so any value can be "edited" by rendering the document again
 * with that value.
 */
import { PDFDocument, PDFName, PDFRef, type PDFObject } from 'pdf-lib';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** The byte offset the last `startxref` of a file points to. */
const lastStartXref = (bytes: Uint8Array): number => {
  const text = latin1(bytes.subarray(Math.max(0, bytes.length - 1024)));
  const all = [...text.matchAll(/startxref\s+(\d+)/gu)];
  const value = all.at(-1)?.[1];
  if (value === undefined) throw new Error('The PDF has no startxref');
  return Number(value);
};

const objectBytes = (ref: PDFRef, object: PDFObject): Buffer => {
  const body = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(body, 0);
  return Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'), Buffer.from(body), Buffer.from('\nendobj\n', 'latin1')]);
};

/**
 * `original` with page `pageIndex` (0-based) replaced, in an appended incremental update,
 * by page `pageIndex` of `replacement`. Only new objects and the page object are written.
 */
export const rewritePageInUpdate = async (original: Uint8Array, replacement: Uint8Array, pageIndex = 0): Promise<Uint8Array> => {
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  const source = await PDFDocument.load(replacement, { updateMetadata: false });
  const firstNew = doc.context.largestObjectNumber + 1;
  const [copied] = await doc.copyPages(source, [pageIndex]);
  if (!copied) throw new Error(`The replacement has no page ${pageIndex + 1}`);
  const page = doc.getPage(pageIndex);
  for (const key of ['Contents', 'Resources']) {
    const value = copied.node.get(PDFName.of(key));
    if (value) page.node.set(PDFName.of(key), value);
  }
  const written = doc.context
    .enumerateIndirectObjects()
    .filter(([ref]) => ref === page.ref || (ref.objectNumber >= firstNew && ref !== copied.ref))
    .sort(([a], [b]) => a.objectNumber - b.objectNumber);

  const head = original[original.length - 1] === 0x0a ? Buffer.alloc(0) : Buffer.from('\n', 'latin1');
  const chunks: Buffer[] = [head];
  let offset = original.length + head.length;
  const xref: string[] = ['xref', '0 1', '0000000000 65535 f '];
  for (const [ref, object] of written) {
    const bytes = objectBytes(ref, object);
    xref.push(`${ref.objectNumber} 1`, `${String(offset).padStart(10, '0')} ${String(ref.generationNumber).padStart(5, '0')} n `);
    chunks.push(bytes);
    offset += bytes.length;
  }
  const { Root, Info } = doc.context.trailerInfo;
  const size = Math.max(doc.context.largestObjectNumber + 1, ...written.map(([ref]) => ref.objectNumber + 1));
  const trailer = [
    `<< /Size ${size}`,
    Root instanceof PDFRef ? ` /Root ${Root.toString()}` : '',
    Info instanceof PDFRef ? ` /Info ${Info.toString()}` : '',
    ` /Prev ${lastStartXref(original)} >>`,
  ].join('');
  chunks.push(Buffer.from(`${xref.join('\n')}\ntrailer\n${trailer}\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat([Buffer.from(original), ...chunks]));
};

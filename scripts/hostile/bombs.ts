/**
 * Hostile documents and request bodies for test/hostile, generated, never
 * checked in: `npm run hostile:bombs -- <dir>` writes them to a directory; the
 * suite calls the generators directly. Each is small on the wire and huge,
 * deep or endless once parsed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, createDeflate, deflateSync } from 'node:zlib';

/** Deflates `chunk` repeated `times` times without ever holding the inflated whole. */
export const deflateRepeated = (chunk: Buffer, times: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
    const out: Buffer[] = [];
    deflate.on('data', (c: Buffer) => out.push(c));
    deflate.on('end', () => resolve(Buffer.concat(out)));
    deflate.on('error', reject);
    let i = 0;
    const pump = () => {
      while (i < times) {
        i++;
        if (!deflate.write(chunk)) {
          deflate.once('drain', pump);
          return;
        }
      }
      deflate.end();
    };
    pump();
  });

export interface PdfStream {
  dict: string;
  data: Buffer;
}

/**
 * A structurally valid one-page PDF (catalog, pages, page, its content and
 * any extra objects), with a correct xref table, so that intake accepts it
 * and only what its streams expand to is hostile.
 */
export const buildPdf = (content: PdfStream, extra: Array<string | PdfStream> = [], pageExtra = ''): Buffer => {
  const objects: Array<string | PdfStream> = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << ${pageExtra} >> >>`,
    content,
    ...extra,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const body =
      typeof o === 'string'
        ? Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')
        : Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< ${o.dict} /Length ${o.data.length} >>\nstream\n`, 'latin1'),
            o.data,
            Buffer.from('\nendstream\nendobj\n', 'latin1'),
          ]);
    parts.push(body);
    offset += body.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
};

const MB = 1024 * 1024;

/** ~520 KB whose page content inflates to 256 MB of `1 1 m 2 2 l S` (the issue's hang). */
export const pathOperatorBomb = async (inflatedBytes = 256 * MB): Promise<Buffer> => {
  const line = Buffer.from('1 1 m 2 2 l S\n');
  const chunk = Buffer.alloc(line.length * 74_898, 0);
  for (let i = 0; i < 74_898; i++) line.copy(chunk, i * line.length);
  return buildPdf({ dict: '/Filter /FlateDecode', data: await deflateRepeated(chunk, Math.ceil(inflatedBytes / chunk.length)) });
};

/** ~1 MB whose page content inflates to 1 GB of NULs (the issue's 500 after 35 s). */
export const nulBomb = async (inflatedBytes = 1024 * MB): Promise<Buffer> =>
  buildPdf({ dict: '/Filter /FlateDecode', data: await deflateRepeated(Buffer.alloc(MB), Math.ceil(inflatedBytes / MB)) });

/** Well under the size bounds, over the operator bound: 1.5 M operators in ~5 MB. */
export const operatorFlood = (operators = 1_500_000): Buffer => {
  const lines = Math.ceil(operators / 3);
  const body = Buffer.from(Array.from({ length: lines }, (_, i) => `${i % 500} ${i % 700} m ${(i * 7) % 500} ${(i * 3) % 700} l S`).join('\n'));
  return buildPdf({ dict: '/Filter /FlateDecode', data: deflateSync(body) });
};

/** Under every bound (~600 k operators of short paths): the sandbox's deadline and heap budget are what contain it. */
export const heavyButBounded = (operators = 600_000): Buffer => operatorFlood(operators);

/** An image XObject that claims 60000 × 60000 pixels, drawn on the page. */
export const pixelBombPdf = (): Buffer =>
  buildPdf(
    { dict: '', data: Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q') },
    [{ dict: '/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', data: deflateSync(Buffer.alloc(64 * 1024)) }],
    '/XObject << /Im1 5 0 R >>',
  );

/** An object nested 100 000 arrays deep. */
export const deepNestingPdf = (depth = 100_000): Buffer =>
  buildPdf({ dict: '', data: Buffer.from('BT /F1 12 Tf 72 720 Td (deep) Tj ET') }, [`${'['.repeat(depth)}${']'.repeat(depth)}`], '/Nest 5 0 R');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer): number => {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const pngChunk = (type: string, data: Buffer): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

/** A PNG header claiming 100 000 × 100 000 grey pixels, with a few KB of data. */
export const pixelBombPng = (side = 100_000): Buffer => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(side + 1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
};

/** The issue's 150-byte killer: a multipart body whose file part never meets its closing boundary. */
export const unterminatedMultipart = (): { contentType: string; body: Buffer } => ({
  contentType: 'multipart/form-data; boundary=XX',
  body: Buffer.from('--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 1 0 obj << >> endobj trailer << >> %%EOF'),
});

export const multipartWith = (boundary: string, parts: Array<{ name: string; filename?: string; body: Buffer | string }>, close = true): Buffer =>
  Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n\r\n`),
      typeof p.body === 'string' ? Buffer.from(p.body) : p.body,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(close ? `--${boundary}--\r\n` : ''),
  ]);

/** Every document bomb, by name. */
export const documentBombs = async (): Promise<Record<string, { bytes: Buffer; filename: string }>> => ({
  'path-operator-bomb': { bytes: await pathOperatorBomb(), filename: 'paths.pdf' },
  'nul-bomb': { bytes: await nulBomb(), filename: 'nul.pdf' },
  'operator-flood': { bytes: operatorFlood(), filename: 'ops.pdf' },
  'heavy-but-bounded': { bytes: heavyButBounded(), filename: 'heavy.pdf' },
  'pixel-bomb-pdf': { bytes: pixelBombPdf(), filename: 'image.pdf' },
  'deep-nesting-pdf': { bytes: deepNestingPdf(), filename: 'deep.pdf' },
  'pixel-bomb-png': { bytes: pixelBombPng(), filename: 'huge.png' },
});

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'hostile-bombs';
  await mkdir(dir, { recursive: true });
  for (const [name, { bytes, filename }] of Object.entries(await documentBombs())) {
    await writeFile(join(dir, `${name}-${filename}`), bytes);
    console.log(`${name}: ${bytes.length} bytes`);
  }
}

/**
 * Writes the demo's sample documents to examples/ (npm run examples):
 * a text PDF per example of scripts/documents/examples.ts, a 300-dpi scan of
 * the genuine report, and examples/index.json with each file's sha256 and the
 * verdict it should get. The demo seed registers the sha256 of
 * known-forgery.pdf as a fraud pattern.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXAMPLES } from './documents/examples.ts';
import { renderScanJpeg, renderTextPdf } from './documents/index.ts';

const dir = process.argv[2] ?? 'examples';
await mkdir(dir, { recursive: true });
const index: Array<{ file: string; sha256: string; expected: string; story: string; submission?: unknown }> = [];
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
for (const example of EXAMPLES) {
  const pdf = await renderTextPdf(example.doc);
  await writeFile(join(dir, `${example.id}.pdf`), pdf);
  index.push({ file: `${example.id}.pdf`, sha256: sha(pdf), expected: example.expected, story: example.story, ...(example.submission ? { submission: example.submission } : {}) });
  if (example.scan) {
    const jpeg = await renderScanJpeg(example.doc, { dpi: 300, seed: 11 });
    await writeFile(join(dir, `${example.id}-scan.jpg`), jpeg);
    index.push({ file: `${example.id}-scan.jpg`, sha256: sha(jpeg), expected: example.expected, story: `${example.story}, scanned at 300 dpi` });
  }
}
await writeFile(join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
console.log(`wrote ${index.length} documents to ${dir}/`);

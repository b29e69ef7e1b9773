/**
 * Regenerates the labelled extraction corpus under corpus/ (git-ignored):
 * text PDFs, 300-dpi scans (JPEG per page and image-only PDF) and a ground
 * truth per document. `--text-only` skips the scans. `--out DIR` writes elsewhere.
 *
 *   npx tsx scripts/generate-corpus.ts
 */
import { resolve } from 'node:path';
import { writeCorpus } from './documents/corpus.ts';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const dir = resolve((outIndex >= 0 ? args[outIndex + 1] : undefined) ?? 'corpus');
const started = performance.now();
const entries = await writeCorpus(dir, { scans: !args.includes('--text-only') });
for (const e of entries) {
  console.log(`${e.id.padEnd(22)} ${String(e.pages)} page(s)  ${[e.files.textPdf, ...e.files.scanJpegs, e.files.scanPdf ?? ''].join(' ')}`);
}
console.log(`${entries.length} documents in ${dir} (${Math.round(performance.now() - started)} ms)`);

/**
 * Extraction benchmark: runs the real pipeline (extractDocument) over the
 * generated corpus, per engine — pdf-text on the text PDFs, tesseract on the
 * 300-dpi scans — and prints, per engine and per document kind, field accuracy
 * (exact after normalisation, against the ground truth), milliseconds per page
 * (median) and peak memory (RSS).
 *
 *   npm run bench:extraction [-- --engine pdf-text|tesseract] [--only ID] [--json] [--verbose]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseFields } from '#shared/fields/parse-fields.ts';
import { extractDocument } from '#shared/services/extract-document.ts';
import { openPdf } from '#shared/text/pdf-document.ts';
import { extractPdfText } from '#shared/text/pdf-text.ts';
import { shutdownSharedPaddle } from '#shared/text/paddle.ts';
import { shutdownSharedTesseract } from '#shared/text/tesseract.ts';
import { CORPUS_DOCUMENTS, FINGERPRINT_FILE, corpusFingerprint, writeCorpus, type CorpusEntry } from '../scripts/documents/corpus.ts';
import { scoreFields, type FieldScore } from '../scripts/documents/score.ts';

type Engine = 'pdf-text' | 'paddle' | 'tesseract';

interface Run {
  engine: Engine;
  id: string;
  kind: string;
  language: string;
  pages: number;
  msPerPage: number;
  /** pdf-text only: the text layer and the field parser alone, without intake, forensics and QR search. */
  textFieldsMsPerPage?: number;
  scores: FieldScore[];
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const engines: Engine[] = flag('--engine') ? [flag('--engine') as Engine] : ['pdf-text', 'paddle', 'tesseract'];
const only = flag('--only');
const verbose = args.includes('--verbose');
const dir = resolve(flag('--corpus') ?? 'corpus');
/** Text PDFs are fast: time each this many times and keep the median. */
const TEXT_REPEATS = 5;

const TARGETS = {
  'pdf-text': { en: 0.99, zh: 0.99, msPerPage: 50 },
  paddle: { en: 0.97, zh: 0.97, msPerPage: 2000 },
  tesseract: { en: 0.97, zh: 0.95, msPerPage: 3000 },
} as const;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const at = (i: number): number => s[i] ?? 0;
  return s.length === 0 ? 0 : s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};

/** Samples RSS while work runs; the peak includes the tesseract worker thread. */
const peakRss = async <T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> => {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
};

const loadCorpus = async (): Promise<CorpusEntry[]> => {
  const index = join(dir, 'index.json');
  const complete = async () => {
    if (!existsSync(index) || !existsSync(join(dir, FINGERPRINT_FILE))) return false;
    if ((await readFile(join(dir, FINGERPRINT_FILE), 'utf8')).trim() !== (await corpusFingerprint())) return false;
    const entries = JSON.parse(await readFile(index, 'utf8')) as CorpusEntry[];
    return entries.length === CORPUS_DOCUMENTS.length && entries.every((e) => e.files.scanPdf && existsSync(join(dir, e.files.textPdf)));
  };
  if (!(await complete())) {
    console.error(`Generating the corpus in ${dir} (missing or made by other renderer code) …`);
    await writeCorpus(dir);
  }
  return JSON.parse(await readFile(index, 'utf8')) as CorpusEntry[];
};

/** The input of an engine: the text PDF, or the scan (the JPEG of a one-page document, else the image-only PDF). */
const inputFor = (entry: CorpusEntry, engine: Engine): string => {
  if (engine === 'pdf-text') return entry.files.textPdf;
  const [only, ...more] = entry.files.scanJpegs;
  const scan = only !== undefined && more.length === 0 ? only : entry.files.scanPdf;
  if (!scan) throw new Error(`${entry.id} has no scan; regenerate the corpus`);
  return scan;
};

const runOne = async (entry: CorpusEntry, engine: Engine): Promise<Run> => {
  const bytes = new Uint8Array(await readFile(join(dir, inputFor(entry, engine))));
  const repeats = engine === 'pdf-text' ? TEXT_REPEATS : 1;
  const times: number[] = [];
  let fields;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const out = await extractDocument(bytes, { engine });
    times.push(performance.now() - started);
    fields = out.fields;
  }
  const scores = scoreFields(entry.truth, fields ?? {});
  let textFieldsMsPerPage: number | undefined;
  if (engine === 'pdf-text') {
    const parts: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      const pdf = await openPdf(bytes, { timeoutMs: 30_000, maxImagePixels: 50_000_000 });
      parseFields(await extractPdfText(pdf, { timeoutMs: 30_000 }));
      parts.push(performance.now() - started);
      await pdf.loadingTask.destroy();
    }
    textFieldsMsPerPage = median(parts) / entry.pages;
  }
  return { engine, id: entry.id, kind: `${entry.language} ${entry.kind}`, language: entry.language, pages: entry.pages, msPerPage: median(times) / entry.pages, textFieldsMsPerPage, scores };
};

const pct = (ok: number, total: number): string => (total === 0 ? '   -  ' : `${((100 * ok) / total).toFixed(1).padStart(5)}%`);

const main = async () => {
  const corpus = (await loadCorpus()).filter((e) => !only || e.id.includes(only));
  const runs: Run[] = [];
  const peaks: Record<string, number> = {};
  for (const engine of engines) {
    // One untimed document first: worker start-up and language data load are paid once per process, not per page.
    const warm = corpus[0];
    if (warm) await extractDocument(new Uint8Array(await readFile(join(dir, inputFor(warm, engine)))), { engine });
    const { result, peak } = await peakRss(async () => {
      const out: Run[] = [];
      for (const entry of corpus) {
        const run = await runOne(entry, engine);
        out.push(run);
        if (verbose) {
          const ok = run.scores.filter((s) => s.ok).length;
          console.error(`${engine.padEnd(9)} ${run.id.padEnd(22)} ${ok}/${run.scores.length}  ${run.msPerPage.toFixed(0)} ms/page`);
          for (const s of run.scores.filter((x) => !x.ok)) console.error(`    ${s.field}: expected ${JSON.stringify(s.expected)}, got ${JSON.stringify(s.actual)}`);
        }
      }
      return out;
    });
    runs.push(...result);
    peaks[engine] = peak;
  }
  await shutdownSharedTesseract();
  await shutdownSharedPaddle();

  const rows: { engine: Engine; kind: string; ok: number; total: number; msPerPage: number; textFieldsMsPerPage?: number; pages: number }[] = [];
  for (const engine of engines) {
    const mine = runs.filter((r) => r.engine === engine);
    for (const kind of [...new Set(mine.map((r) => r.kind))]) {
      const rs = mine.filter((r) => r.kind === kind);
      const scores = rs.flatMap((r) => r.scores);
      const textFields = rs.flatMap((r) => (r.textFieldsMsPerPage === undefined ? [] : [r.textFieldsMsPerPage]));
      rows.push({
        engine,
        kind,
        ok: scores.filter((s) => s.ok).length,
        total: scores.length,
        msPerPage: median(rs.map((r) => r.msPerPage)),
        ...(textFields.length ? { textFieldsMsPerPage: median(textFields) } : {}),
        pages: rs.reduce((n, r) => n + r.pages, 0),
      });
    }
  }
  const summary = engines.map((engine) => {
    const mine = runs.filter((r) => r.engine === engine);
    const byLang = (lang: string) => mine.filter((r) => r.language === lang).flatMap((r) => r.scores);
    const en = byLang('en');
    const zh = byLang('zh');
    const all = mine.flatMap((r) => r.scores);
    return {
      engine,
      accuracy: { all: all.filter((s) => s.ok).length / Math.max(1, all.length), en: en.filter((s) => s.ok).length / Math.max(1, en.length), zh: zh.filter((s) => s.ok).length / Math.max(1, zh.length) },
      fields: { ok: all.filter((s) => s.ok).length, total: all.length },
      msPerPageMedian: median(mine.map((r) => r.msPerPage)),
      textFieldsMsPerPageMedian: engine === 'pdf-text' ? median(mine.map((r) => r.textFieldsMsPerPage ?? 0)) : undefined,
      peakRssMb: Math.round((peaks[engine] ?? 0) / 1048576),
      misses: mine.flatMap((r) => r.scores.filter((s) => !s.ok).map((s) => ({ id: r.id, field: s.field, expected: s.expected, actual: s.actual }))),
    };
  });

  if (args.includes('--json')) {
    console.log(JSON.stringify({ rows, summary }, null, 2));
    return;
  }
  console.log(`Extraction benchmark: ${corpus.length} documents, ${new Set(corpus.map((e) => `${e.language} ${e.kind}`)).size} kinds, node ${process.version}`);
  console.log('');
  console.log(`${'engine'.padEnd(10)} ${'kind'.padEnd(24)} ${'fields'.padStart(7)} ${'accuracy'.padStart(8)} ${'ms/page'.padStart(9)} ${'text+fields ms/page'.padStart(20)}`);
  for (const r of rows) {
    const tf = r.textFieldsMsPerPage === undefined ? '' : r.textFieldsMsPerPage.toFixed(0);
    console.log(`${r.engine.padEnd(10)} ${r.kind.padEnd(24)} ${`${r.ok}/${r.total}`.padStart(7)} ${pct(r.ok, r.total).padStart(8)} ${r.msPerPage.toFixed(0).padStart(9)} ${tf.padStart(20)}`);
  }
  console.log('ms/page: the whole extractDocument (intake, forensics, QR search, text, fields); text+fields: the text layer and parseFields alone.');
  console.log('');
  for (const s of summary) {
    const t = TARGETS[s.engine];
    const mark = (good: boolean) => (good ? 'met' : 'MISSED');
    console.log(
      `${s.engine.padEnd(10)} all ${pct(s.fields.ok, s.fields.total)}  en ${(100 * s.accuracy.en).toFixed(1)}% (target ${t.en * 100}%: ${mark(s.accuracy.en >= t.en)})  ` +
        `zh ${(100 * s.accuracy.zh).toFixed(1)}% (target ${t.zh * 100}%: ${mark(s.accuracy.zh >= t.zh)})  ` +
        `median ${s.msPerPageMedian.toFixed(0)} ms/page (target ≤ ${t.msPerPage}: ${mark(s.msPerPageMedian <= t.msPerPage)})` +
        (s.textFieldsMsPerPageMedian === undefined ? '' : `, text+fields ${s.textFieldsMsPerPageMedian.toFixed(0)} ms/page (${mark(s.textFieldsMsPerPageMedian <= t.msPerPage)})`) +
        `  peak RSS ${s.peakRssMb} MB`,
    );
    for (const m of s.misses) console.log(`    miss ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
  }
};

await main();

import { copyFile, mkdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, PSM, type Worker } from 'tesseract.js';
import { DependencyUnavailableError, DomainError } from '#shared/domain/errors.ts';
import { withTimeout } from '#shared/intake/timeout.ts';
import type { Box, Line, TextPage, Word } from './types.ts';

export const TesseractLanguages = ['eng', 'chi_sim'] as const;
export type TesseractLanguage = (typeof TesseractLanguages)[number];

/** Page segmentation modes worth choosing between (tesseract's numbering). */
export const PageSegModes = { auto: PSM.AUTO, singleColumn: PSM.SINGLE_COLUMN, sparse: PSM.SPARSE_TEXT } as const;
export type PageSegMode = (typeof PageSegModes)[keyof typeof PageSegModes];

const require = createRequire(import.meta.url);

/**
 * The `4.0.0_best_int` folder of `@tesseract.js-data/<lang>` in node_modules.
 * tesseract.js downloads from a CDN when it has no langPath; we never let it.
 */
export const languageDataPath = (lang: TesseractLanguage): string =>
  join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');

/**
 * tesseract.js reads every language from ONE `langPath` (`${langPath}/${lang}.traineddata.gz`), but each
 * language ships in its own package folder, and its `{ code, data }` form is broken in 7.0.0 (init joins
 * `data` instead of `code`). So we point langPath at a folder that links both packages' `4.0.0_best_int`
 * files: in node_modules when it is writable is not our business, so under the OS temp dir (Lambda: /tmp).
 * A single-language engine uses the package folder itself.
 */
export const resolveLangPath = async (langs: readonly TesseractLanguage[] = TesseractLanguages): Promise<string> => {
  const [only] = langs;
  if (langs.length === 1 && only) return languageDataPath(only);
  const dir = join(tmpdir(), `certverify-tessdata-${[...langs].sort().join('+')}`);
  await mkdir(dir, { recursive: true });
  for (const lang of langs) {
    const source = join(languageDataPath(lang), `${lang}.traineddata.gz`);
    const target = join(dir, `${lang}.traineddata.gz`);
    const ok = await stat(target).then((s) => s.size > 0, () => false);
    if (!ok) {
      await rm(target, { force: true });
      await symlink(source, target).catch(() => copyFile(source, target));
    }
  }
  return dir;
};

/**
 * 'eng' first: tesseract.js 7 prints a spurious "Failed loading language ''" when a worker is
 * reinitialised to 'chi_sim+eng', never for 'eng+chi_sim'; recognition is the same (measured).
 */
export const orderLangs = (langs: readonly TesseractLanguage[]): TesseractLanguage[] =>
  [...new Set(langs)].sort((a, b) => (a === 'eng' ? -1 : b === 'eng' ? 1 : a.localeCompare(b)));

export interface TesseractRecognizeOptions {
  langs: readonly TesseractLanguage[];
  pageNumber: number;
  psm?: PageSegMode;
  /** Let tesseract detect and correct skew (rotateAuto). */
  deskew?: boolean;
  timeoutMs: number;
}

export interface TesseractPage {
  page: TextPage;
  /** 0..1, tesseract's mean word confidence */
  meanConfidence: number;
}

/**
 * Set on every worker: interword spaces kept as tesseract saw them; pages arrive
 * prepared at ~300 dpi; no second, inverted recognition of low-confidence lines
 * (prepared pages are black on white: it only costs time); and tesseract's debug
 * messages ("Detected 34 diacritics", printed to stdout) into /dev/null of its
 * in-memory file system instead of the CLI's output.
 */
export const RECOGNITION_PARAMETERS = {
  preserve_interword_spaces: '1',
  user_defined_dpi: '300',
  tessedit_do_invert: '0',
  debug_file: '/dev/null',
} as const;

const HAN = '\\p{Script=Han}';
const CJK_PUNCT = '，。：；、（）《》【】“”‘’！？';
/** Tesseract puts a space between CJK characters; Chinese has none. */
export const joinCjk = (text: string): string =>
  text
    .replace(new RegExp(`(?<=[${HAN}${CJK_PUNCT}])\\s+(?=[${HAN}${CJK_PUNCT}])`, 'gu'), '')
    .replace(/\s+/gu, ' ')
    .trim();

interface TessBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface TessLine {
  text: string;
  confidence: number;
  bbox: TessBox;
  words?: { text: string; confidence: number; bbox: TessBox }[];
}

const CJK_EDGE = new RegExp(`[${HAN}${CJK_PUNCT}]`, 'u');

/**
 * tesseract's words of a line, as the one Word shape: a run of CJK "words" (tesseract
 * cuts Chinese into single characters) becomes one word, as joinCjk makes one run of them.
 */
export const tesseractWords = (raw: TessLine, size: { width: number; height: number }): Word[] => {
  const merged: { text: string; confidences: number[]; bbox: TessBox }[] = [];
  for (const w of raw.words ?? []) {
    const text = w.text.trim();
    if (text === '') continue;
    const last = merged[merged.length - 1];
    if (last && CJK_EDGE.test(last.text.slice(-1)) && CJK_EDGE.test(text.slice(0, 1))) {
      last.text += text;
      last.confidences.push(w.confidence);
      last.bbox = { x0: Math.min(last.bbox.x0, w.bbox.x0), y0: Math.min(last.bbox.y0, w.bbox.y0), x1: Math.max(last.bbox.x1, w.bbox.x1), y1: Math.max(last.bbox.y1, w.bbox.y1) };
    } else {
      merged.push({ text, confidences: [w.confidence], bbox: { ...w.bbox } });
    }
  }
  return merged.map((w) => ({
    text: w.text,
    confidence: Math.max(0, Math.min(1, w.confidences.reduce((a, b) => a + b, 0) / w.confidences.length / 100)),
    box: toBox(w.bbox, size),
  }));
};

const toBox = ({ x0, y0, x1, y1 }: TessBox, size: { width: number; height: number }): Box => ({
  left: x0 / size.width,
  top: y0 / size.height,
  width: (x1 - x0) / size.width,
  height: (y1 - y0) / size.height,
});

/**
 * tesseract.js 7 with the language data from node_modules and ONE worker per
 * engine instance, created on first use and reused (its start-up costs ~0.5 s, plus
 * ~1 s to load chi_sim). Changing languages reinitialises the same worker. Jobs are
 * serialised. On a timeout the worker is terminated and recreated on the next call.
 */
export class TesseractEngine {
  /** @param supported every language this engine may be asked for (its worker's langPath holds them all) */
  constructor(private readonly supported: readonly TesseractLanguage[] = TesseractLanguages) {}

  private worker: Promise<Worker> | undefined;
  private langsKey = '';
  private psm: PageSegMode | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private async ensureWorker(langs: readonly TesseractLanguage[]): Promise<Worker> {
    const key = orderLangs(langs).join('+');
    if (!this.worker) {
      this.langsKey = key;
      this.psm = undefined;
      this.worker = (async () => {
        // Never the CDN: langPath always points to the data in node_modules.
        return createWorker(key, 1, {
          langPath: await resolveLangPath(this.supported),
          cacheMethod: 'none',
          gzip: true,
          logger: () => undefined,
          errorHandler: () => undefined,
        });
      })();
      this.worker.catch(() => {
        this.worker = undefined;
      });
    }
    const worker = await this.worker;
    if (this.langsKey !== key) {
      await worker.reinitialize(key);
      this.langsKey = key;
      this.psm = undefined;
    }
    return worker;
  }

  /** OCRs one prepared page image (PNG/JPEG/TIFF bytes). */
  recognize(image: Uint8Array, options: TesseractRecognizeOptions): Promise<TesseractPage> {
    const job = this.queue.then(() => this.run(image, options));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async run(image: Uint8Array, options: TesseractRecognizeOptions): Promise<TesseractPage> {
    const work = (async () => {
      const worker = await this.ensureWorker(options.langs);
      const psm = options.psm ?? PageSegModes.auto;
      if (this.psm !== psm) {
        await worker.setParameters({ tessedit_pageseg_mode: psm, ...RECOGNITION_PARAMETERS });
        this.psm = psm;
      }
      const result = await worker.recognize(Buffer.from(image), { rotateAuto: options.deskew ?? false }, { blocks: true, imageColor: false });
      return result.data;
    })();
    let data: Awaited<typeof work>;
    try {
      data = await withTimeout(work, options.timeoutMs, `OCR of page ${options.pageNumber}`, () => void this.terminate());
    } catch (error) {
      if (error instanceof DomainError) throw error;
      await this.terminate();
      throw new DependencyUnavailableError('ocr', `Tesseract failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const size = await imageSize(image);
    const lines: Line[] = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const raw of paragraph.lines as TessLine[]) {
          const text = joinCjk(raw.text);
          if (text === '') continue;
          lines.push({
            text,
            confidence: Math.max(0, Math.min(1, raw.confidence / 100)),
            box: toBox(raw.bbox, size),
            words: tesseractWords(raw, size),
          });
        }
      }
    }
    return { page: { pageNumber: options.pageNumber, lines }, meanConfidence: Math.max(0, Math.min(1, (data.confidence ?? 0) / 100)) };
  }

  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.langsKey = '';
    this.psm = undefined;
    if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
  }
}

const imageSize = async (image: Uint8Array): Promise<{ width: number; height: number }> => {
  const { default: sharp } = await import('sharp');
  const meta = await sharp(image).metadata();
  return { width: meta.width ?? 1, height: meta.height ?? 1 };
};

let shared: TesseractEngine | undefined;
/** The process-wide engine (one worker per Lambda container or CLI run). */
export const sharedTesseract = (): TesseractEngine => (shared ??= new TesseractEngine());

/** Ends the shared worker so that the process can exit (CLI, tests). */
export const shutdownSharedTesseract = async (): Promise<void> => {
  const engine = shared;
  shared = undefined;
  await engine?.terminate();
};

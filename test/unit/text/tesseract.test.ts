import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preprocessForOcr } from '#shared/text/image.ts';
import { joinCjk, languageDataPath, orderLangs, PageSegModes, resolveLangPath, TesseractEngine } from '#shared/text/tesseract.ts';
import { makePageImage, makeScan } from '../../fixtures/intake/generate.ts';

const engine = new TesseractEngine();
afterAll(async () => {
  await engine.terminate();
});

const ocr = async (image: Buffer, langs: Array<'eng' | 'chi_sim'>) => {
  const prepared = await preprocessForOcr(image, { maxPixels: 50_000_000 });
  const { page } = await engine.recognize(prepared.png, { langs, pageNumber: 1, psm: PageSegModes.singleColumn, timeoutMs: 60_000 });
  return { prepared, page, text: page.lines.map((l) => l.text) };
};

describe('text: tesseract language data', () => {
  it('comes from node_modules, never a CDN', async () => {
    // Act & Assess
    expect(existsSync(join(languageDataPath('eng'), 'eng.traineddata.gz'))).toBe(true);
    expect(languageDataPath('chi_sim')).toMatch(/@tesseract\.js-data[/\\]chi_sim[/\\]4\.0\.0_best_int$/u);
    const dir = await resolveLangPath(['eng', 'chi_sim']);
    expect(existsSync(join(dir, 'chi_sim.traineddata.gz'))).toBe(true);
    expect(await resolveLangPath(['eng'])).toBe(languageDataPath('eng'));
  });

  it('puts eng first and removes spaces between Chinese characters', () => {
    // Act & Assess
    expect(orderLangs(['chi_sim', 'eng'])).toStrictEqual(['eng', 'chi_sim']);
    expect(joinCjk('样 品 名 称  电 动 牙 刷 ET-300 Pro')).toBe('样品名称电动牙刷 ET-300 Pro');
  });
});

describe('text: tesseract engine', () => {
  it('reads a skewed, blurred JPEG scan of an English report table', async () => {
    // Prepare
    const scan = await makeScan(
      makePageImage(
        [
          ['Report No.', 'HC2025-031400127'],
          ['Sample Name', 'Electric Toothbrush'],
          ['Conclusion', 'PASS'],
        ],
        { width: 1654 },
      ),
      1.5,
    );
    // Act
    const { prepared, page, text } = await ocr(scan, ['eng', 'chi_sim']);
    // Assess
    expect(Math.abs(prepared.skewDegrees - 1.5)).toBeLessThanOrEqual(0.3);
    expect(text.slice(0, 3)).toStrictEqual(['Report No. HC2025-031400127', 'Sample Name Electric Toothbrush', 'Conclusion PASS']);
    for (const line of page.lines) {
      expect(line.confidence).toBeGreaterThan(0.5);
      expect(line.box.left).toBeGreaterThanOrEqual(0);
      expect(line.box.left + line.box.width).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it('reads Chinese with the same worker (eng+chi_sim)', async () => {
    // Prepare
    const scan = await makeScan(
      makePageImage(
        [
          ['报告编号', 'HC2025-031400127'],
          ['样品名称', '电动牙刷'],
          ['检验结论', '合格'],
        ],
        { cjk: true, width: 1654 },
      ),
      -1,
    );
    const { text } = await ocr(scan, ['eng', 'chi_sim']);
    // Act & Assess
    expect(text.slice(0, 3)).toStrictEqual(['报告编号 HC2025-031400127', '样品名称电动牙刷', '检验结论合格']);
  }, 60_000);
});

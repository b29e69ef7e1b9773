import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { binarise, estimateSkew, inkRatio, inkThreshold, otsuThreshold, removeRules, type GrayImage } from '#shared/text/scan-cleanup.ts';
import { makePageImage } from '../../fixtures/intake/generate.ts';

const gray = async (input: Buffer, width = 700): Promise<GrayImage> => {
  const { data, info } = await sharp(input).resize({ width }).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
};

const page = makePageImage([
  ['Report No.', 'HC2025-031400127'],
  ['Sample Name', 'Electric Toothbrush'],
  ['Model', 'ET-300 Pro'],
  ['Manufacturer', 'Shenzhen Bright Co., Ltd.'],
  ['Conclusion', 'PASS'],
]);

describe('text: scan clean-up', () => {
  it.each([-2.5, -1, 0, 1.5, 3])('estimates a skew of %s°', async (degrees) => {
    // Prepare
    const rotated = await sharp(page).rotate(degrees, { background: '#fff' }).png().toBuffer();
    // Act
    const skew = estimateSkew(binarise(await gray(rotated)));
    // Assess
    expect(Math.abs(skew - degrees)).toBeLessThanOrEqual(0.3);
  });

  it('finds an Otsu threshold between ink and paper', () => {
    // Prepare
    const img: GrayImage = { data: new Uint8Array([10, 12, 15, 240, 245, 250, 250, 250]), width: 8, height: 1 };
    // Act
    const t = otsuThreshold(img);
    // Assess
    expect(t).toBeGreaterThanOrEqual(15);
    expect(t).toBeLessThan(240);
  });

  it('removes table rules and keeps the text', async () => {
    // Prepare
    const bin = binarise(await gray(page, 2480));
    // Act
    const clean = removeRules(bin, 100, 100);
    // Assess: the rules were most of the ink; text remains
    expect(inkRatio(clean)).toBeLessThan(inkRatio(bin) * 0.8);
    expect(inkRatio(clean)).toBeGreaterThan(0.001);
  });

  it('does not mark the paper grain of a blank page as ink', () => {
    // Prepare: paper grain at 225–245, no ink
    const data = new Uint8Array(200 * 200);
    for (let i = 0; i < data.length; i++) data[i] = 225 + ((i * 7919) % 21);
    const img: GrayImage = { data, width: 200, height: 200 };
    // Act
    const ink = inkRatio(binarise(img, inkThreshold(img)));
    // Assess: Otsu alone splits the grain
    expect(inkRatio(binarise(img))).toBeGreaterThan(0.2);
    expect(ink).toBe(0);
  });

  it('keeps Otsu on a page of text', async () => {
    // Prepare
    const img = await gray(page);
    // Act & Assess
    expect(inkThreshold(img)).toBe(otsuThreshold(img));
  });
});

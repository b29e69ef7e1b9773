import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareGrayPage } from '#shared/text/image.ts';
import { divideByBackground, findPage, flattenedSize, grayWithoutRed, warpToRectangle } from '#shared/text/photo.ts';
import type { GrayImage } from '#shared/text/scan-cleanup.ts';
import { composeDocument } from '../../../scripts/documents/compose.ts';
import { CORPUS_DOCUMENTS } from '../../../scripts/documents/corpus.ts';
import { photoPage } from '../../../scripts/documents/degrade.ts';

const gray = (width: number, height: number, at: (x: number, y: number) => number): GrayImage => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = at(x, y);
  return { data, width, height };
};

describe('text: photo clean-up', () => {
  it('turns red seal ink into paper and keeps black text under it', () => {
    // Prepare: paper, red ink, black ink, blue ink (RGB)
    const rgb = new Uint8Array([250, 248, 240, 210, 40, 40, 20, 20, 20, 30, 40, 200]);
    // Act
    const out = grayWithoutRed(rgb, 4, 1, 3);
    // Assess
    expect([...out.data]).toStrictEqual([247, 210, 20, 55]);
  });

  it('finds a page lying on a darker desk, and none on a scan that is all page', () => {
    // Prepare
    const photo = gray(100, 120, (x, y) => (x >= 20 && x < 80 && y >= 10 && y < 110 ? 230 : 70));
    // Act & Assess
    expect(findPage(photo)).toStrictEqual([
      { x: 20, y: 10 },
      { x: 80, y: 10 },
      { x: 80, y: 110 },
      { x: 20, y: 110 },
    ]);
    expect(findPage(gray(100, 120, (x, y) => ((x * y) % 17 === 0 ? 20 : 235)))).toBeUndefined();
  });

  it('finds the whole page under a shadow over one corner, and does not follow its blurred edge onto the desk', () => {
    // Prepare: a page (230) on a desk (70), a soft round shadow darkening its lower-left corner to ~45 %
    // (below Otsu's threshold), a one-pixel blurred edge all round, and along the top edge (as a
    // slightly tilted edge is seen along its length) page and desk mixed, fading 225 → 72 across
    const shade = (x: number, y: number) => 1 - 0.55 * Math.exp(-((x - 20) ** 2 + (y - 110) ** 2) / (2 * 30 * 30));
    const photo = gray(100, 120, (x, y) => {
      const inside = x >= 20 && x < 80 && y >= 10 && y < 110;
      const edge = !inside && x >= 19 && x <= 80 && y >= 9 && y <= 110;
      const fading = y === 9 && x >= 19 && x <= 80 ? 225 - ((x - 19) * (225 - 72)) / 61 : undefined;
      return Math.round((inside ? 230 : (fading ?? (edge ? 150 : 70))) * shade(x, y));
    });
    // Act
    const quad = findPage(photo);
    // Assess: every corner within a pixel of the page's
    const corners = [
      { x: 20, y: 10 },
      { x: 80, y: 10 },
      { x: 80, y: 110 },
      { x: 20, y: 110 },
    ];
    expect(quad).toHaveLength(4);
    quad?.forEach((p, i) => {
      expect(Math.abs(p.x - (corners[i]?.x ?? 0))).toBeLessThanOrEqual(1);
      expect(Math.abs(p.y - (corners[i]?.y ?? 0))).toBeLessThanOrEqual(1);
    });
  });

  it('flattens a quadrilateral into an upright rectangle', () => {
    // Prepare: a bright square whose left half is dark, seen as a trapezoid
    const img = gray(200, 200, (x, y) => {
      const inset = (y / 200) * 20;
      return x < 100 ? 0 : x > 200 - inset ? 128 : 255;
    });
    const quad = [
      { x: 0, y: 0 },
      { x: 200, y: 0 },
      { x: 180, y: 200 },
      { x: 20, y: 200 },
    ] as const;
    // Act
    const flat = warpToRectangle(img, [...quad] as never, { width: 100, height: 100 });
    // Assess: the left half stays the dark half on every row
    expect(flattenedSize([...quad] as never)).toStrictEqual({ width: 180, height: 201 });
    expect(flat.data[10 * 100 + 20]).toBe(0);
    expect(flat.data[90 * 100 + 80]).toBe(255);
  });

  it('evens out light by dividing by the paper brightness', () => {
    // Prepare
    const img = gray(4, 1, (x) => [200, 100, 50, 120][x] as number);
    const background = gray(4, 1, (x) => [200, 200, 100, 240][x] as number);
    // Act & Assess
    expect([...divideByBackground(img, background).data]).toStrictEqual([255, 128, 128, 128]);
  });

  it('prepares a phone photo: page found, flattened, light evened out, no desk left', async () => {
    // Prepare
    const doc = CORPUS_DOCUMENTS.find((d) => d.id === 'en-inspection-table');
    const photo = await photoPage(composeDocument(doc as never).pages[0] as never, { seed: 2 });
    // Act
    const page = await prepareGrayPage(photo, { maxPixels: 50_000_000, minWidth: 1400, maxWidth: 2000, targetWidth: 1600 });
    // Assess: A4 proportions, and the corners are paper (white), not desk
    expect(page.flattened).toBe(true);
    expect(page.gray.height / page.gray.width).toBeGreaterThan(1.3);
    expect(page.gray.height / page.gray.width).toBeLessThan(1.5);
    const corner = await sharp(page.gray.data, { raw: { width: page.gray.width, height: page.gray.height, channels: 1 } })
      .extract({ left: 0, top: 0, width: 40, height: 40 })
      .grayscale()
      .stats();
    expect(corner.channels[0]?.mean).toBeGreaterThan(200);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_BYTES, measureBundles, type BundleRow } from '../../cdk/bundle-sizes.ts';

describe('cdk: function bundles', () => {
  let rows: BundleRow[];

  beforeAll(async () => {
    rows = await measureBundles();
  }, 180_000);

  it('bundles every function with esbuild', () => {
    // Act & Assess
    expect(rows.filter((r) => r.error !== undefined).map((r) => `${r.handler}: ${r.error}`)).toStrictEqual([]);
  });

  it('keeps every non-OCR bundle under 1 MiB minified, without the AWS SDK and the OCR modules', () => {
    // Act
    const light = rows.filter((r) => !r.ocr);
    // Assess
    expect(light.length).toBeGreaterThan(15);
    for (const r of light) expect(r.bytes, r.handler).toBeLessThan(LIMIT_BYTES);
  });
});

import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../../scripts/build-console.ts';

/** The budget for the console: JS and CSS together, gzipped. */
const BUDGET_GZIP_BYTES = 250 * 1024;

describe('console build', () => {
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = (await buildConsole(await mkdtemp(join(tmpdir(), 'certverify-console-build-')))).outDir;
    files = await readdir(dir);
  }, 60_000);

  it('emits hashed JS and CSS and an index.html that loads only them, with no inline script and no other origin', async () => {
    // Prepare
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    // Act
    const js = files.find((f) => /^app-[A-Z0-9]{8}\.js$/.test(f));
    // Assess
    const css = files.find((f) => /^styles-[A-Z0-9]{8}\.css$/.test(f));

    expect(js).toBeDefined();
    expect(css).toBeDefined();
    expect(html).toContain(`<script type="module" src="/console/${js}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/console/${css}" />`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\bstyle=/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('keeps JS and CSS within 250 KB gzipped, with nothing fetched from a CDN', async () => {
    // Prepare
    const assets = files.filter((f) => /\.(js|css)$/.test(f));
    let gzipped = 0;
    // Act & Assess
    for (const f of assets) {
      const text = await readFile(join(dir, f), 'utf8');
      gzipped += gzipSync(text, { level: 9 }).length;
      expect(text, f).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr|fonts\.googleapis)/);
    }
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('keeps a gzip copy of the hashed JS and CSS, byte for byte the same once unpacked', async () => {
    const assets = files.filter((f) => /\.(js|css)$/.test(f));

    expect(assets).toHaveLength(2);
    for (const f of assets) expect(gunzipSync(await readFile(join(dir, `${f}.gz`))).equals(await readFile(join(dir, f))), f).toBe(true);
  });
});

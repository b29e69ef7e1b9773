/**
 * Builds the web console: console/src → console/dist (or --out DIR) with the
 * esbuild of devDependencies. Hashed JS and CSS, an index.html that names
 * them, no inline script, nothing fetched from a CDN. `npm start` and
 * `npm test` run it; the CDK console function runs it into its asset folder.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const buildConsole = async (outDir = join(root, 'console', 'dist')): Promise<{ js: string; css: string; outDir: string }> => {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: 'console/src/main.ts', styles: 'console/src/styles.css' },
    outdir: outDir,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'safari15', 'firefox100'],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((o) => /^app-.*\.js$/.test(o));
  const css = outputs.find((o) => /^styles-.*\.css$/.test(o));
  if (!js || !css) throw new Error(`console build produced ${outputs.join(', ')}`);
  // A gzip copy of each, for the console function to send to browsers that accept it.
  for (const name of [js, css]) await writeFile(join(outDir, `${name}.gz`), gzipSync(await readFile(join(outDir, name)), { level: 9 }));
  const template = await readFile(join(root, 'console', 'index.html'), 'utf8');
  await writeFile(join(outDir, 'index.html'), template.replace('%JS%', js).replace('%CSS%', css));
  return { js, css, outDir };
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1] ?? '') : undefined;
  const built = await buildConsole(out);
  console.log(`console built: ${built.outDir} (${built.js}, ${built.css})`);
}

/**
 * Bundles every function exactly as the CDK stack does (cdk/bundling.ts:
 * ESM, minified, node22, AWS SDK and — for OCR functions — the OCR layer
 * modules external) and prints each bundle's size from esbuild's metafile:
 * the minified JavaScript that ships, without the AWS SDK (provided by the
 * runtime) and without source maps. Non-OCR bundles must stay under 1 MB.
 *
 *   npm run bundle-sizes            # table
 *   npm run bundle-sizes -- --json  # machine-readable
 *
 * Exit code 1 when a non-OCR bundle is over the limit or a handler fails to build.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundlingOptions, esbuildTarget, esmBanner } from '../cdk/bundling.ts';
import { entryPath, functionSpecs, handlerExists, projectRoot } from '../cdk/handlers.ts';

const LIMIT_BYTES = 1024 * 1024;

interface Row {
  handler: string;
  ocr: boolean;
  bytes?: number;
  /** Largest inputs by bytes in the output, to see what to trim. */
  top?: { input: string; bytes: number }[];
  error?: string;
}

const measure = (metafile: Metafile): { bytes: number; top: { input: string; bytes: number }[] } => {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'));
  if (!output) throw new Error('no .mjs output');
  const [, info] = output;
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = match?.[1] ?? input.split('/').slice(0, 2).join('/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  const top = [...byPackage.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3);
  return { bytes: info.bytes, top };
};

const main = async (): Promise<number> => {
  const json = process.argv.includes('--json');
  const outdir = mkdtempSync(path.join(tmpdir(), 'certverify-bundles-'));
  const rows: Row[] = [];
  try {
    for (const spec of functionSpecs()) {
      if (!handlerExists(spec.handler)) {
        rows.push({ handler: spec.handler, ocr: spec.ocr, error: 'handler.ts missing' });
        continue;
      }
      const options = bundlingOptions(spec.ocr);
      try {
        const result = await build({
          absWorkingDir: projectRoot,
          entryPoints: [entryPath(spec.handler)],
          outfile: path.join(outdir, spec.handler, 'index.mjs'),
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: esbuildTarget,
          minify: true,
          sourcemap: true,
          mainFields: options.mainFields ? [...options.mainFields] : ['module', 'main'],
          banner: { js: esmBanner },
          external: [...(options.externalModules ?? [])],
          metafile: true,
          logLevel: 'silent',
        });
        rows.push({ handler: spec.handler, ocr: spec.ocr, ...measure(result.metafile) });
      } catch (error) {
        rows.push({ handler: spec.handler, ocr: spec.ocr, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      }
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }

  const over = rows.filter((r) => !r.ocr && r.bytes !== undefined && r.bytes > LIMIT_BYTES);
  const failed = rows.filter((r) => r.error !== undefined && r.error !== 'handler.ts missing');
  if (json) {
    console.log(JSON.stringify({ limitBytes: LIMIT_BYTES, functions: rows }, null, 2));
  } else {
    const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
    for (const r of rows) {
      const size = r.bytes !== undefined ? kb(r.bytes).padStart(11) : '          -';
      const note = r.error ?? (r.top ?? []).map((t) => `${t.input} ${kb(t.bytes)}`).join(', ');
      console.log(`${r.handler.padEnd(22)} ${r.ocr ? 'ocr' : '   '} ${size}  ${note}`);
    }
    console.log(`limit for non-OCR functions: ${kb(LIMIT_BYTES)} minified, AWS SDK excluded`);
  }
  for (const r of over) console.error(`over the limit: ${r.handler} (${r.bytes} bytes)`);
  for (const r of failed) console.error(`failed to bundle: ${r.handler}: ${r.error}`);
  return over.length > 0 || failed.length > 0 ? 1 : 0;
};

process.exitCode = await main();

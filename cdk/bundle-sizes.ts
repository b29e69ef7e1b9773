/**
 * Bundles every function exactly as the CDK stack does (cdk/bundling.ts:
 * ESM, minified, node22, AWS SDK and — for OCR functions — the OCR layer
 * modules external) and prints each bundle's size from esbuild's metafile:
 * the minified JavaScript that ships, without the AWS SDK (provided by the
 * runtime) and without source maps. Non-OCR bundles must stay under 1 MB.
 *
 *
 * Used by `npm run bundle-sizes` and by the CDK tests.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundlingOptions, esbuildTarget, esmBanner } from './bundling.ts';
import { entryPath, functionSpecs, handlerExists, projectRoot } from './handlers.ts';

export const LIMIT_BYTES = 1024 * 1024;

export interface BundleRow {
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

/** Bundles every function as the stack does and measures each bundle. */
export const measureBundles = async (): Promise<BundleRow[]> => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'certverify-bundles-'));
  const rows: BundleRow[] = [];
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

  return rows;
};

/**
 * npm run bundle-sizes: every function's bundle, minified, without the AWS SDK
 * (see cdk/bundle-sizes.ts). Exit code 1 when a non-OCR bundle is over 1 MiB
 * or a handler fails to build.
 *
 *   npm run bundle-sizes            # table
 *   npm run bundle-sizes -- --json  # machine-readable
 */
import { LIMIT_BYTES, measureBundles } from '../cdk/bundle-sizes.ts';

const main = async (): Promise<number> => {
  const json = process.argv.includes('--json');
  const rows = await measureBundles();
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

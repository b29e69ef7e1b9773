/**
 * Console speed, in real Chromium against the local runtime (npm run bench:console):
 * - queue first paint: a fresh browser context opens /console/#/queue with the
 *   key in sessionStorage; time from navigation start to the first contentful
 *   paint and to the queue's rows on screen;
 * - a PDF page with its boxes: in the open console, from the hash change to
 *   #/verifications/{id} until page 1's image (rendered by the API) is loaded
 *   with its field boxes drawn.
 * Prints the median, min and max of each over --runs (default 10).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../scripts/build-console.ts';
import { launchChromium, waitForExpression } from '../test/browser/support/browser.ts';
import { startLocalApi } from '../test/support/local-api.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const line = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(34)} median ${median(xs).toFixed(0).padStart(5)} ms   min ${Math.min(...xs).toFixed(0).padStart(5)}   max ${Math.max(...xs).toFixed(0).padStart(5)}   (n=${xs.length})`);

process.env.CONSOLE_ASSETS_DIR = (await buildConsole(await mkdtemp(join(tmpdir(), 'certverify-console-bench-')))).outDir;
const api = await startLocalApi();
const chrome = await launchChromium();
try {
  const pdf = (await api.verifyFile(new URL('../examples/tampered.pdf', import.meta.url).pathname, api.keys.platform)).body;
  for (let i = 0; i < 40; i++) {
    await api.call('POST', '/verifications', { key: api.keys.platform, body: { fields: { reportNumber: `BENCH-${i}`, productName: `Product ${i}` }, sellerId: `seller-${i % 7}` } });
  }
  const base = `${api.server.url}/console/`;
  const fcp: number[] = [];
  const rows: number[] = [];
  const pages: number[] = [];
  for (let r = 0; r < runs; r++) {
    const page = await chrome.newPage();
    await page.addInitScript(`sessionStorage.setItem('certverify.apiKey', ${JSON.stringify(api.keys.platform)})`);
    await page.goto(`${base}#/queue`);
    await page.waitForSelector('table.queue tbody tr');
    rows.push(Number(await page.evaluate('performance.now()')));
    fcp.push(Number(await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN")));
    const t0 = Number(await page.evaluate(`(() => { const t = performance.now(); location.hash = '#/verifications/${pdf.verificationId as string}'; return t; })()`));
    await waitForExpression(page, "(() => { const i = document.querySelector('.page[data-page=\"1\"] .page-image'); return i && i.complete && i.naturalWidth > 0 && performance.getEntriesByName('page-1-rendered').length > 0; })()");
    const boxes = Number(await page.evaluate("document.querySelectorAll('.page[data-page=\"1\"] .field-box').length"));
    const t1 = Number(await page.evaluate("performance.getEntriesByName('page-1-rendered')[0].startTime"));
    pages.push(t1 - t0);
    if (r === 0) console.log(`page 1 of ${String(pdf.verificationId)}: ${boxes} field box(es) drawn`);
    await page.context().close();
  }
  line('queue: first contentful paint', fcp);
  line('queue: rows on screen', rows);
  line('PDF page 1 with boxes rendered', pages);
} finally {
  await chrome.close();
  await api.close();
}

/**
 * Console speed, in real Chromium against the local runtime (npm run bench:console):
 * - queue first paint: a fresh browser context opens /console/#/queue with the
 *   key in sessionStorage; time from navigation start to the first contentful
 *   paint and to the queue's rows on screen;
 * - a PDF page with its boxes: in the open console, from the hash change to
 *   #/verifications/{id} until page 1's image (rendered by the API) is loaded
 *   with its field boxes drawn; "first view" on a document never opened
 *   before (each run a different example PDF): "rendered ahead" when its
 *   verdict sent it to the review queue and render-pages-ahead kept its first
 *   pages, "cold" when nothing was kept (an AUTHENTIC one, or one whose kept
 *   pages the benchmark removed: every other review-bound document), so the
 *   API renders page 1 on the request; "again" on one already seen (kept by
 *   the API, a fresh browser context so nothing comes from the browser's
 *   cache).
 * Prints the median, min and max of each over --runs (default 10).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
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
  console.log(`${name.padEnd(42)} median ${median(xs).toFixed(0).padStart(5)} ms   min ${Math.min(...xs).toFixed(0).padStart(5)}   max ${Math.max(...xs).toFixed(0).padStart(5)}   (n=${xs.length})`);

process.env.CONSOLE_ASSETS_DIR = (await buildConsole(await mkdtemp(join(tmpdir(), 'certverify-console-bench-')))).outDir;
const api = await startLocalApi();
const chrome = await launchChromium();
try {
  const examples = new URL('../examples/', import.meta.url).pathname;
  const pdf = (await api.verifyFile(`${examples}tampered.pdf`, api.keys.platform)).body;
  // Distinct documents for the first views: the other example PDFs (each its own sha256, so none shares a kept page).
  const others = (await readdir(examples)).filter((f) => f.endsWith('.pdf') && f !== 'tampered.pdf').sort();
  const fresh: Array<{ id: string; ahead: boolean }> = [];
  for (const f of others.slice(0, runs)) {
    const body = (await api.verifyFile(`${examples}${f}`, api.keys.platform)).body;
    fresh.push({ id: body.verificationId as string, ahead: false });
    await api.server.settled();
    // Every other document keeps the pages rendered ahead of it; the rest are measured cold.
    const kept = join(api.dataDir, 'documents', 'pages', (body.document as { sha256: string }).sha256);
    const last = fresh[fresh.length - 1] as { ahead: boolean };
    if ((await readdir(kept).catch(() => [])).length > 0 && fresh.length % 2 === 0) last.ahead = true;
    else await rm(kept, { recursive: true, force: true });
  }
  for (let i = 0; i < 40; i++) {
    await api.call('POST', '/verifications', { key: api.keys.platform, body: { fields: { reportNumber: `BENCH-${i}`, productName: `Product ${i}` }, sellerId: `seller-${i % 7}` } });
  }
  const base = `${api.server.url}/console/`;
  const fcp: number[] = [];
  const rows: number[] = [];
  const pages: number[] = [];
  const firstViews: number[] = [];
  const aheadViews: number[] = [];
  const openPage = async (page: Awaited<ReturnType<typeof chrome.newPage>>, id: string): Promise<{ ms: number; boxes: number }> => {
    const t0 = Number(await page.evaluate(`(() => { performance.clearMarks(); const t = performance.now(); location.hash = '#/verifications/${id}'; return t; })()`));
    await waitForExpression(page, `(() => { const v = document.querySelector('.verification'); const i = document.querySelector('.page[data-page="1"] .page-image'); return v && v.dataset.verification === '${id}' && i && i.complete && i.naturalWidth > 0 && performance.getEntriesByName('page-1-rendered').length > 0; })()`);
    const boxes = Number(await page.evaluate("document.querySelectorAll('.page[data-page=\"1\"] .field-box').length"));
    const t1 = Number(await page.evaluate("performance.getEntriesByName('page-1-rendered')[0].startTime"));
    return { ms: t1 - t0, boxes };
  };
  for (let r = 0; r < runs; r++) {
    const page = await chrome.newPage();
    await page.addInitScript(`sessionStorage.setItem('certverify.apiKey', ${JSON.stringify(api.keys.platform)})`);
    await page.goto(`${base}#/queue`);
    await page.waitForSelector('table.queue tbody tr');
    rows.push(Number(await page.evaluate('performance.now()')));
    fcp.push(Number(await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN")));
    const again = await openPage(page, pdf.verificationId as string);
    pages.push(again.ms);
    if (r === 0) console.log(`page 1 of ${String(pdf.verificationId)}: ${again.boxes} field box(es) drawn`);
    const first = fresh[r];
    if (first) {
      await page.evaluate("location.hash = '#/queue'");
      await page.waitForSelector('table.queue tbody tr');
      (first.ahead ? aheadViews : firstViews).push((await openPage(page, first.id)).ms);
    }
    await page.context().close();
  }
  line('queue: first contentful paint', fcp);
  line('queue: rows on screen', rows);
  line('PDF page 1 with boxes, first view, cold', firstViews);
  line('PDF page 1 with boxes, first view, ahead', aheadViews);
  line('PDF page 1 with boxes, again', pages);
} finally {
  await chrome.close();
  await api.close();
}

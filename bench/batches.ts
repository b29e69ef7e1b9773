/**
 * npm run bench:batches — verification batches on the local runtime
 * (embedded engine on its own thread, in memory), offline.
 *
 * (a) a 10,000-item batch of typed-in fields through POST /verification-batches
 *     on the local pool: items/s from submission to DONE (target ≥ 150),
 *     and the request body's size against the 6 MB API payload;
 * (b) a batch of text PDFs through the document pool of `certverify verify
 *     <file>…` (reading on worker threads, one per core): files/s, pages/min;
 * (c) the same for 300-dpi scanned pages (OCR): files/s, pages/min.
 *
 * Items mix genuine numbers (registered first, one per item), forged ones,
 * unknown numbers of an issuer that registers all reports and numbers of an
 * unknown issuer. Medians over --runs (default 3).
 *
 * Options: --items N (default 10000), --runs N, --pdfs N (default 24),
 * --scans N (default 6), --only a|b|c, --compare-all (a 2,000-item batch,
 * then every item as a single POST /verifications: the verdicts must agree).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { readFileSync } from 'node:fs';
import { DocumentPool } from '#local/document-pool.ts';
import { startEmbeddedDynamo } from '#local/embedded-dynamodb.ts';
import { startLocalServer } from '#local/server.ts';
import { DemoIssuers, DemoReports } from '#local/seed/demo-data.ts';
import { ReferenceDataCache } from '#shared/services/reference-data.ts';
import { verifyReading } from '#shared/services/verify-document.ts';
import { EXAMPLES } from '../scripts/documents/examples.ts';
import { renderScanJpeg, renderTextPdf } from '../scripts/documents/index.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    pdfs: { type: 'string', default: '24' },
    scans: { type: 'string', default: '6' },
    only: { type: 'string' },
    'compare-all': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const wants = (part: string) => values.only === undefined || values.only === part;

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const dataDir = await mkdtemp(join(tmpdir(), 'certverify-bench-batches-'));
// The bench starts the engine itself, to tell its thread's CPU from the app's.
const engine = await startEmbeddedDynamo();
const server = await startLocalServer({ port: 0, dataDir, inMemory: true, dynamoEndpoint: engine.endpoint });
/** The engine thread's CPU (ms) from /proc, and the whole process's; 0 where there is no per-thread accounting. */
const engineCpuMs = (): number => {
  try {
    const fields = readFileSync(`/proc/self/task/${engine.osThreadId ?? -1}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
};
const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const platform = server.demoKeys?.platform ?? '';
const auth = { authorization: `Bearer ${platform}`, 'content-type': 'application/json' };
const report: Record<string, unknown> = { cores: availableParallelism(), loadAverageAtStart: loadavg()[0] };
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);

const template = DemoReports.find((r) => r.report.reportNumber === 'MJ2025-000127')?.report;
const issuer = DemoIssuers['mingjian-testing'];
if (!template || !issuer) throw new Error('demo data changed');
let serial = 0;
const kindOf = (i: number) => (['genuine', 'genuine', 'forged', 'unknown', 'unknown-issuer'] as const)[i % 5];
/** A batch of `n` items over fresh numbers (so that no item sees another's history); the genuine and forged numbers are registered. */
const makeItems = async (n: number) => {
  const base = serial;
  serial += n;
  const number = (i: number) => `MJ2027-${String(base + i).padStart(6, '0')}`;
  const limit = pLimit(32);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      kindOf(i) === 'genuine' || kindOf(i) === 'forged' ? limit(() => server.repos.reports.register('mingjian-testing', { ...template, reportNumber: number(i) }, 'bench')) : undefined,
    ),
  );
  const fields = (reportNumber: string, productName = template.productName) => ({
    reportNumber,
    issuerName: issuer.name,
    accreditationNumbers: issuer.accreditations.map((a) => `${a.scheme} ${a.number}`),
    productName,
    model: template.model,
    issueDate: template.issueDate,
  });
  return Array.from({ length: n }, (_, i) => {
    const seller = { sellerId: `bench-seller-${base + i}`, listingId: `bench-listing-${base + i}` };
    switch (kindOf(i)) {
      case 'forged':
        return { fields: fields(number(i), '无线耳机'), ...seller };
      case 'unknown-issuer':
        return { fields: { reportNumber: `ZZ-${base + i}`, issuerName: 'Nowhere Testing Co.', productName: '台灯' }, ...seller };
      default:
        return { fields: fields(number(i)), ...seller };
    }
  });
};

const runBatch = async (items: unknown[]) => {
  const body = JSON.stringify({ items });
  const t0 = performance.now();
  const cpu0 = processCpuMs();
  const engine0 = engineCpuMs();
  const res = await fetch(`${server.url}/verification-batches`, { method: 'POST', headers: auth, body });
  if (res.status !== 202) throw new Error(`submit: HTTP ${res.status} ${await res.text()}`);
  const { batchId } = (await res.json()) as { batchId: string };
  for (;;) {
    const status = (await (await fetch(`${server.url}/verification-batches/${batchId}`, { headers: auth })).json()) as { state: string; done: number; verdicts: Record<string, number>; errors: number };
    if (status.state === 'DONE') {
      const seconds = (performance.now() - t0) / 1000;
      const engineMs = engineCpuMs() - engine0;
      const appMs = processCpuMs() - cpu0 - engineMs;
      return {
        batchId,
        seconds,
        itemsPerSecond: items.length / seconds,
        bodyBytes: Buffer.byteLength(body),
        verdicts: status.verdicts,
        errors: status.errors,
        appCpuMsPerItem: appMs / items.length,
        engineCpuMsPerItem: engineMs / items.length,
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
};

if (wants('a')) {
  const n = Number(values.items);
  const rows = [];
  for (let r = 0; r < runs; r++) {
    const items = await makeItems(n);
    const row = await runBatch(items);
    rows.push(row);
    console.log(
      `(a) run ${r + 1}: ${n} items in ${row.seconds.toFixed(1)} s = ${row.itemsPerSecond.toFixed(0)} items/s; body ${(row.bodyBytes / 1e6).toFixed(2)} MB; ${JSON.stringify(row.verdicts)}, errors ${row.errors}; CPU per item: app ${row.appCpuMsPerItem.toFixed(2)} ms, engine ${row.engineCpuMsPerItem.toFixed(2)} ms; load ${loadavg()[0]?.toFixed(1)}`,
    );
  }
  report.a = {
    items: n,
    itemsPerSecond: median(rows.map((r) => r.itemsPerSecond)),
    seconds: median(rows.map((r) => r.seconds)),
    bodyBytes: rows[0]?.bodyBytes,
    appCpuMsPerItem: median(rows.map((r) => r.appCpuMsPerItem)),
    engineCpuMsPerItem: median(rows.map((r) => r.engineCpuMsPerItem)),
    runs,
  };
  console.log(`(a) median ${median(rows.map((r) => r.itemsPerSecond)).toFixed(0)} items/s (target ≥ 150)`);
}

if (values['compare-all']) {
  const items = await makeItems(2000);
  const { batchId } = await runBatch(items);
  const lines = (await (await fetch(`${server.url}/verification-batches/${batchId}/results`, { headers: auth })).text()).trimEnd().split('\n').map((l) => JSON.parse(l) as { index: number; verdict?: string });
  const limit = pLimit(16);
  const single = await Promise.all(items.map((item) => limit(async () => ((await (await fetch(`${server.url}/verifications`, { method: 'POST', headers: auth, body: JSON.stringify(item) })).json()) as { verdict: string }).verdict)));
  const mismatches = lines.filter((l, i) => l.index !== i || l.verdict !== single[i]).length;
  report.compareAll = { items: items.length, lines: lines.length, mismatches };
  console.log(`compare-all: ${lines.length} lines in order, ${mismatches} verdicts differ from the single call`);
}

/** Files through the document pool and the pipeline, as `certverify verify <file>…` runs them. */
const runFiles = async (label: string, files: Array<{ bytes: Uint8Array; name: string; pages: number }>) => {
  const pool = new DocumentPool();
  const principal = { role: 'platform' as const, keyId: 'bench', platformId: 'bench' };
  const reference = new ReferenceDataCache(server.repos, 60_000);
  // Warm every thread once (loading pdf.js / the OCR worker is paid once per thread, not per file).
  await Promise.all(Array.from({ length: availableParallelism() }, () => pool.read(files[0]?.bytes ?? new Uint8Array(), files[0]?.name)));
  const rows = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const limit = pLimit(availableParallelism() * 2);
    const verdicts = await Promise.all(
      files.map((f) => limit(async () => (await verifyReading({ repos: server.repos, reference }, await pool.read(f.bytes, f.name), { sellerId: 'bench-files' }, principal)).verdict)),
    );
    const seconds = (performance.now() - t0) / 1000;
    const pages = files.reduce((n, f) => n + f.pages, 0);
    rows.push({ filesPerSecond: files.length / seconds, pagesPerMinute: (pages * 60) / seconds });
    console.log(`(${label}) run ${r + 1}: ${files.length} files, ${pages} pages in ${seconds.toFixed(1)} s = ${(files.length / seconds).toFixed(2)} files/s, ${((pages * 60) / seconds).toFixed(0)} pages/min; ${[...new Set(verdicts)].join(',')}`);
  }
  await pool.close();
  return { files: files.length, threads: availableParallelism(), filesPerSecond: median(rows.map((r) => r.filesPerSecond)), pagesPerMinute: median(rows.map((r) => r.pagesPerMinute)), runs };
};

const genuine = EXAMPLES.find((e) => e.id === 'genuine');
if (!genuine) throw new Error('no genuine example');
if (wants('b')) {
  const pdf = await renderTextPdf(genuine.doc);
  report.b = await runFiles('b', Array.from({ length: Number(values.pdfs) }, (_, i) => ({ bytes: pdf, name: `report-${i}.pdf`, pages: 2 })));
}
if (wants('c')) {
  const scans = await Promise.all(Array.from({ length: Number(values.scans) }, (_, i) => renderScanJpeg(genuine.doc, { dpi: 300, seed: 20 + i })));
  report.c = await runFiles('c', scans.map((bytes, i) => ({ bytes: new Uint8Array(bytes), name: `scan-${i}.jpg`, pages: 1 })));
}

report.loadAverageAtEnd = loadavg()[0];
console.log(JSON.stringify(report));
await server.close();
await engine.stop();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);

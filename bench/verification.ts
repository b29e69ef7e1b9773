/**
 * npm run bench: the verification pipeline over HTTP on the local runtime
 * (embedded engine, in memory, random port), offline.
 *
 * (a) fields-only verification, autocannon, 16 connections, 10 s: req/s, p50, p99
 * (b) end-to-end time of a text PDF (base64 JSON), p50 and p99
 * (c) end-to-end time of a 300-dpi scanned page (tesseract), p50
 * (d) DynamoDB calls per verification, counted on the store's client
 *
 * Targets (2 cores): (a) ≥ 300 req/s with p99 ≤ 100 ms; (b) p50 ≤ 100 ms; (c) ≤ 3 s; (d) ≤ 3.
 *
 * Options: --quick (fewer runs), --dynamodb-local (DynamoDB Local instead of
 * the embedded engine), BENCH_SECONDS (duration of (a), default 10).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startLocalServer } from '#local/server.ts';
import { shutdownSharedTesseract } from '#shared/text/tesseract.ts';
import { EXAMPLES } from '../scripts/documents/examples.ts';
import { genuineFieldsBody } from './fields-request.ts';
import { renderScanJpeg, renderTextPdf } from '../scripts/documents/index.ts';
import { startDynamoDbLocal } from '../test/support/dynamo-engines.ts';

type AutocannonResult = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<AutocannonResult>;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

const argv = new Set(process.argv.slice(2));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

const dataDir = await mkdtemp(join(tmpdir(), 'certverify-bench-'));
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// --dynamodb-local: the same runtime over Amazon's DynamoDB Local (a separate
// Java process) instead of the in-process embedded engine, to see the
// application's own cost per request.
const external = argv.has('--dynamodb-local') ? await startDynamoDbLocal() : undefined;
const server = await startLocalServer({ port: 0, dataDir, inMemory: true, ...(external ? { dynamoEndpoint: external.endpoint } : {}) });
console.log(`engine: ${external ? 'DynamoDB Local' : 'dynalite (embedded, in-process)'}`);
const keys = server.demoKeys;
if (!keys) throw new Error('no demo keys');
const auth = { authorization: `Bearer ${keys.platform}`, 'content-type': 'application/json' };

const calls: string[] = [];
server.repos.table.doc.middlewareStack.add(
  (next, context) => (args) => {
    calls.push(String(context.commandName));
    return next(args);
  },
  { step: 'initialize', name: 'benchCount' },
);

const genuine = EXAMPLES.find((e) => e.id === 'genuine');
if (!genuine) throw new Error('no genuine example');
const fieldsBody = (i: number) => genuineFieldsBody(`bench-seller-${i % 50}`);


const post = async (body: string) => {
  const t = performance.now();
  const res = await fetch(`${server.url}/verifications`, { method: 'POST', headers: auth, body });
  const json = (await res.json()) as { verdict?: string };
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json)}`);
  return { ms: performance.now() - t, verdict: json.verdict };
};

const report: Record<string, unknown> = {};

// (d) first, on a warm process: the calls one verification makes.
await post(fieldsBody(0));
calls.length = 0;
await post(fieldsBody(1));
const perVerification = calls.filter((c) => c !== 'GetItemCommand');
report.d = { callsPerVerification: perVerification.length, commands: perVerification, plusApiKeyLookup: calls.filter((c) => c === 'GetItemCommand').length };
console.log('(d) DynamoDB calls per verification:', perVerification.join(', '), `(+ ${String((report.d as { plusApiKeyLookup: number }).plusApiKeyLookup)} GetItem for the API key)`);

// (a) throughput of fields-only verification. autocannon runs in a worker
// thread, so the load does not share the server's event loop.
const a = await autocannon({
  url: `${server.url}/verifications`,
  connections: 16,
  duration: seconds,
  workers: 1,
  method: 'POST',
  headers: auth,
  body: fieldsBody(1),
});
report.a = { requestsPerSecond: a.requests.average, p50: a.latency.p50, p99: a.latency.p99, non2xx: a.non2xx, errors: a.errors };
console.log(`(a) fields-only: ${a.requests.average.toFixed(0)} req/s, p50 ${a.latency.p50} ms, p99 ${a.latency.p99} ms, non-2xx ${a.non2xx}, errors ${a.errors}`);

// (b) text PDF end to end.
const pdf = Buffer.from(await renderTextPdf(genuine.doc)).toString('base64');
const pdfBody = JSON.stringify({ document: { contentBase64: pdf, filename: 'report.pdf' }, sellerId: 'bench-pdf' });
const pdfTimes: number[] = [];
for (let i = 0; i < (argv.has('--quick') ? 10 : 40); i++) pdfTimes.push((await post(pdfBody)).ms);
report.b = { p50: percentile(pdfTimes, 50), p99: percentile(pdfTimes, 99), runs: pdfTimes.length };
console.log(`(b) text PDF: p50 ${percentile(pdfTimes, 50).toFixed(0)} ms, p99 ${percentile(pdfTimes, 99).toFixed(0)} ms over ${pdfTimes.length} runs`);

// (c) 300-dpi scan end to end (tesseract).
const scan = (await renderScanJpeg(genuine.doc, { dpi: 300, seed: 7 })).toString('base64');
const scanBody = JSON.stringify({ document: { contentBase64: scan, filename: 'scan.jpg' }, sellerId: 'bench-scan' });
const scanTimes: number[] = [];
const verdicts: string[] = [];
await post(scanBody); // the worker's start-up is paid once per process, not per document
for (let i = 0; i < (argv.has('--quick') ? 3 : 7); i++) {
  const r = await post(scanBody);
  scanTimes.push(r.ms);
  verdicts.push(r.verdict ?? '?');
}
report.c = { p50: percentile(scanTimes, 50), runs: scanTimes.length, verdicts };
console.log(`(c) 300-dpi scan: p50 ${percentile(scanTimes, 50).toFixed(0)} ms over ${scanTimes.length} runs, verdicts ${verdicts.join(',')}`);

console.log(JSON.stringify(report));
await server.close();
await external?.stop();
await shutdownSharedTesseract();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);

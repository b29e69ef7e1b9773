import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/command.ts';
import { runCli } from '../../../cli/main.ts';
import { startLocalServer, type LocalServer } from '#local/server.ts';

/**
 * The bulk commands against a real local server (startLocalServer in this
 * process, on a random port, its engine on disk under a temporary data dir):
 * `register --api` over HTTP, `verify <file>…` on the running server's engine.
 */
const dir = mkdtempSync(join(tmpdir(), 'certverify-bulk-cli-server-'));
const dataDir = join(dir, 'data');
const examples = new URL('../../../examples/', import.meta.url).pathname;
const ISSUER = 'mingjian-testing';
let server: LocalServer;

const io = (env: NodeJS.ProcessEnv) => {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stderrIsTty: false, env };
  return { io: value, lines: () => out.join('').trimEnd().split('\n'), err: () => err.join('') };
};

beforeAll(async () => {
  server = await startLocalServer({ port: 0, dataDir });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cli against a running local server', () => {
  it('register --api with a CSV: one result line per row, in order, as the batch endpoint answered; a progress bar on stderr', async () => {
    // Prepare
    const csv = join(dir, 'reports.csv');
    writeFileSync(
      csv,
      [
        'reportNumber,documentType,productName,model,standards,conclusion,issueDate',
        'MJ2026-410001,INSPECTION_REPORT,快速充电器,QC-65W,GB 4943.1-2022;GB/T 9254.1-2021,PASS,2025-03-14',
        'MJ2026-410001,INSPECTION_REPORT,快速充电器,QC-65W,GB 4943.1-2022;GB/T 9254.1-2021,PASS,2025-03-14',
        'MJ2026-410001,INSPECTION_REPORT,另一个产品,QC-65W,,PASS,2025-03-14',
        'MJ2026-410002,NOT_A_TYPE,x,,,,2025-03-14',
      ].join('\n'),
    );
    const cli = io({ CERTVERIFY_API_KEY: server.demoKeys?.issuers[ISSUER] ?? '' });

    // Act
    const code = await runCli(['register', csv, '--issuer', ISSUER, '--api', server.url, '--json'], cli.io);

    // Assess
    expect(code).toBe(65);
    expect(cli.lines().map((l) => JSON.parse(l) as unknown)).toStrictEqual([
      { row: 1, reportNumber: 'MJ2026-410001', status: 201 },
      { row: 2, reportNumber: 'MJ2026-410001', status: 200 },
      { row: 3, reportNumber: 'MJ2026-410001', status: 409, code: 'REPORT_ALREADY_REGISTERED' },
      { row: 4, reportNumber: 'MJ2026-410002', status: 422, code: 'VALIDATION_FAILED' },
    ]);
    expect(cli.err()).toMatch(/\[#{30}\] 4\/4 reports/);
    expect((await server.repos.reports.get(ISSUER, 'MJ2026-410001'))?.standards).toStrictEqual(['GB 4943.1-2022', 'GB/T 9254.1-2021']);
  }, 120_000);

  it('register --api with an NDJSON file over two batches (502 rows): every row registered once, progress per tenth', async () => {
    // Prepare
    const ndjson = join(dir, 'reports.ndjson');
    const rows = Array.from({ length: 502 }, (_, i) => ({
      reportNumber: `MJ2026-42${String(i).padStart(4, '0')}`,
      documentType: 'INSPECTION_REPORT',
      productName: `Charger ${i}`,
      issueDate: '2026-03-01',
    }));
    writeFileSync(ndjson, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const cli = io({ CERTVERIFY_API_KEY: server.demoKeys?.issuers[ISSUER] ?? '' });

    // Act
    const code = await runCli(['register', ndjson, '--issuer', ISSUER, '--api', server.url], cli.io);

    // Assess
    expect(code).toBe(0);
    const lines = cli.lines();
    expect(lines).toHaveLength(502);
    lines.forEach((line, i) => expect(line).toBe(`row ${i + 1}  ${rows[i]?.reportNumber ?? ''}  created`));
    const progress = cli.err().split('\n').filter((l) => l.includes(' reports ('));
    expect(progress.map((l) => /(\d+)\/502 reports/.exec(l)?.[1])).toStrictEqual(['500', '502']);
    expect(cli.err()).toContain('502 registered or already there, 0 refused');
    expect((await server.repos.reports.get(ISSUER, rows[501]?.reportNumber ?? ''))?.productName).toBe('Charger 501');
  }, 240_000);

  it('verify <file>… on the running server\'s engine: one line per file, a progress bar, the verifications in the server\'s store', async () => {
    // Prepare
    const files = [join(examples, 'genuine.pdf'), join(examples, 'revoked.pdf'), join(examples, 'genuine.pdf')];
    const cli = io({ CERTVERIFY_DATA_DIR: dataDir });

    const code = await runCli(['verify', ...files, '--json'], cli.io);

    const lines = cli.lines().map((l) => JSON.parse(l) as { file: string; verificationId: string; verdict: string });
    // Act & Assess
    expect(lines.map((l) => [l.file, l.verdict])).toStrictEqual([
      [files[0], 'AUTHENTIC'],
      [files[1], 'FRAUDULENT'],
      [files[2], 'AUTHENTIC'],
    ]);
    expect(code).toBe(2);
    expect(cli.err()).toMatch(/\[#{30}\] 3\/3 files/);
    for (const line of lines) expect(await server.repos.verifications.get(line.verificationId)).toMatchObject({ verdict: line.verdict });
  }, 240_000);
});

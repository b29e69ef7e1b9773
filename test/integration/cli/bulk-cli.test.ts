import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import type { CliIo } from '../../../cli/command.ts';
import { readRows } from '../../../cli/register.ts';

const dir = mkdtempSync(join(tmpdir(), 'certverify-bulk-cli-'));
const dataDir = join(dir, 'data');
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stderrIsTty: false, env: { CERTVERIFY_DATA_DIR: dataDir } };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
};
const examples = new URL('../../../examples/', import.meta.url).pathname;

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli: certverify register', () => {
  it('reads CSV cells as registration fields: standards split on ";", fields as JSON, empty cells left out', () => {
    // Act
    const rows = readRows('reportNumber,standards,fields,model\nA-1,GB 1; GB/T 2 ,"{""x"":1}",\n', 'r.csv');

    // Assess
    expect(rows).toStrictEqual([{ reportNumber: 'A-1', standards: ['GB 1', 'GB/T 2'], fields: { x: 1 } }]);
  });

  it('registers a CSV on the local store row by row: created, already there, refused (409, 422); exit 65', async () => {
    // Prepare
    const csv = join(dir, 'reports.csv');
    writeFileSync(
      csv,
      [
        'reportNumber,documentType,productName,model,standards,conclusion,issueDate',
        'MJ2026-300001,INSPECTION_REPORT,快速充电器,QC-65W,GB 4943.1-2022;GB/T 9254.1-2021,PASS,2025-03-14',
        'MJ2026-300001,INSPECTION_REPORT,快速充电器,QC-65W,GB 4943.1-2022;GB/T 9254.1-2021,PASS,2025-03-14',
        'MJ2025-000127,INSPECTION_REPORT,另一个产品,QC-65W,,PASS,2025-03-14',
        'MJ2026-300002,NOT_A_TYPE,x,,,,2025-03-14',
      ].join('\n'),
    );
    const cli = io();

    // Act
    const code = await runCli(['register', csv, '--issuer', 'mingjian-testing', '--json'], cli.io);

    // Assess
    expect(code).toBe(65);
    expect(cli.out().trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toStrictEqual([
      { row: 1, reportNumber: 'MJ2026-300001', status: 201 },
      { row: 2, reportNumber: 'MJ2026-300001', status: 200 },
      { row: 3, reportNumber: 'MJ2025-000127', status: 409, code: 'REPORT_ALREADY_REGISTERED' },
      { row: 4, reportNumber: 'MJ2026-300002', status: 422, code: 'VALIDATION_FAILED' },
    ]);
    expect(cli.err()).toContain('4/4 reports');
  }, 120_000);

  it('needs --issuer, and a key for --api', async () => {
    // Prepare
    const cli = io();
    // Act & Assess
    expect(await runCli(['register', join(dir, 'x.csv')], cli.io)).toBe(64);
    expect(await runCli(['register', join(dir, 'x.csv'), '--issuer', 'a', '--api', 'https://api.example'], cli.io)).toBe(64);
    expect(cli.err()).toContain('CERTVERIFY_API_KEY');
  });
});

describe('cli: certverify verify with many files', () => {
  it('verifies each file on the document pool: a progress bar, one NDJSON line per file in order, the worst exit code', async () => {
    // Prepare
    const cli = io();

    const code = await runCli(['verify', join(examples, 'genuine.pdf'), join(examples, 'revoked.pdf'), join(dir, 'missing.pdf'), '--concurrency', '2', '--json'], cli.io);

    // Act
    const lines = cli.out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // Assess
    expect(lines).toStrictEqual([
      { file: join(examples, 'genuine.pdf'), verificationId: expect.stringMatching(/^v_/), verdict: 'AUTHENTIC', riskScore: expect.any(Number), reportNumber: 'MJ2025-000127', textSource: 'pdf-text', pages: 2 },
      { file: join(examples, 'revoked.pdf'), verificationId: expect.stringMatching(/^v_/), verdict: 'FRAUDULENT', riskScore: expect.any(Number), reportNumber: 'MJ2025-000342', textSource: 'pdf-text', pages: expect.any(Number) },
      { file: join(dir, 'missing.pdf'), error: { code: 'NO_INPUT', message: expect.stringContaining('no such file') } },
    ]);
    expect(code).toBe(66);
    expect(cli.err()).toContain('3/3 files');
  }, 180_000);

  it('exits with the worst verdict of the files, and 64 for a bad --concurrency', async () => {
    // Prepare
    const cli = io();
    // Act & Assess
    expect(await runCli(['verify', join(examples, 'genuine.pdf'), join(examples, 'genuine.pdf')], cli.io)).toBe(0);
    expect(cli.out().trimEnd().split('\n')).toHaveLength(2);
    expect(await runCli(['verify', join(examples, 'genuine.pdf'), '--concurrency', '0'], io().io)).toBe(64);
  }, 180_000);
});

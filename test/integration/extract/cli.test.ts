import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import type { CliIo } from '../../../cli/command.ts';
import { fakeExe, makePdf } from '../../fixtures/intake/generate.ts';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stderrIsTty: false, env: {} };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
};

const dir = mkdtempSync(join(tmpdir(), 'certverify-cli-'));
const file = async (name: string, bytes: Buffer | Promise<Buffer>) => {
  const path = join(dir, name);
  writeFileSync(path, await bytes);
  return path;
};

describe('cli: certverify extract', () => {
  it('prints { fields, textSource, pages } with --json', async () => {
    // Prepare
    const path = await file('report.pdf', makePdf({ pages: [['Test Report', 'Report No.: HC2025-031400127'], ['end']] }));
    const cli = io();
    // Act
    const code = await runCli(['extract', path, '--json'], cli.io);
    // Assess
    expect(code).toBe(0);
    const body = JSON.parse(cli.out()) as Record<string, unknown>;
    expect(Object.keys(body)).toStrictEqual(['fields', 'textSource', 'pages']);
    expect(body).toMatchObject({ textSource: 'pdf-text', pages: 2, fields: { reportNumber: { value: 'HC2025-031400127' } } });
  });

  it('prints a readable table by default', async () => {
    // Prepare
    const path = await file('table.pdf', makePdf({ pages: [['Report No.: HC2025-031400127']] }));
    const cli = io();
    // Act & Assess
    expect(await runCli(['extract', path, '--engine', 'pdf-text'], cli.io)).toBe(0);
    expect(cli.out()).toContain('table.pdf: application/pdf, 1 page,');
    expect(cli.out()).toMatch(/field\s+value\s+conf\s+where/u);
    expect(cli.out()).toMatch(/reportNumber\s+HC2025-031400127\s+\d\.\d\d\s+p1:1/u);
  });

  it('exits 66 with a clear message for a missing file', async () => {
    // Prepare
    const cli = io();
    // Act & Assess
    expect(await runCli(['extract', join(dir, 'nope.pdf')], cli.io)).toBe(66);
    expect(cli.err()).toBe(`certverify: cannot read ${join(dir, 'nope.pdf')}: no such file\n`);
  });

  it('exits 66 for a directory', async () => {
    // Prepare
    const cli = io();
    // Act & Assess
    expect(await runCli(['extract', dir], cli.io)).toBe(66);
  });

  it.each([
    [[]],
    [['extract']],
    [['extract', 'a.pdf', 'b.pdf']],
    [['extract', 'a.pdf', '--engine', 'magic']],
    [['extract', 'a.pdf', '--frobnicate']],
    [['frobnicate']],
  ])('exits 64 for usage errors: %j', async (argv) => {
    // Prepare
    const cli = io();
    // Act & Assess
    expect(await runCli(argv, cli.io)).toBe(64);
    expect(cli.err()).toMatch(/Usage: certverify/u);
  });

  it('exits 65 with the error code for a bad document', async () => {
    // Prepare
    const path = await file('invoice.png', Promise.resolve(fakeExe()));
    const cli = io();
    // Act & Assess
    expect(await runCli(['extract', path], cli.io)).toBe(65);
    expect(cli.err()).toMatch(/\(DISGUISED_FILE\)\n$/u);
  });

  it('runs as `node bin/certverify.js` with no build step', async () => {
    // Prepare
    const path = await file('bin.pdf', makePdf({ pages: [['Report No.: HC2025-031400127']] }));
    // Act
    const run = spawnSync(process.execPath, [join(import.meta.dirname, '../../../bin/certverify.js'), 'extract', path, '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    // Assess
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ textSource: 'pdf-text', pages: 1 });
  }, 60_000);
});

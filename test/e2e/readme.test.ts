import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '#local/server.ts';
import { shutdownSharedTesseract } from '#shared/text/tesseract.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasCurl = spawnSync('curl', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCurl) console.warn('\n[readme] curl is not installed: SKIPPING the README walk-throughs.\n');

/** The bash block that follows `<!-- walkthrough:<name> -->` in README.md, run as written. */
const walkthrough = async (name: string): Promise<string> => {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- walkthrough:${name} -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`README.md has no walkthrough:${name}`);
  return match[1];
};

/** The README's table of example files: file (or row label), verdict, and the summary.en quoted. */
const summaryTable = async (): Promise<Array<{ row: string; verdict: string; summary: string }>> => {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('| file | verdict | the `summary.en` it returns |');
  if (start < 0) throw new Error('README.md has no summary table');
  const lines = readme.slice(start).split('\n');
  const end = lines.findIndex((l) => !l.startsWith('|'));
  return lines.slice(2, end).map((line) => {
    const [file = '', verdict = '', summary = ''] = line.split('|').slice(1, -1).map((c) => c.trim());
    return { row: file.replace(/`/g, ''), verdict, summary };
  });
};

describe.skipIf(!hasCurl)('e2e: the README walk-throughs work as written', () => {
  let server: LocalServer;
  let cwd: string;

  /** Runs asynchronously: the server answers from this same process. */
  const run = (script: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-euo', 'pipefail', '-c', script], { cwd, env: { ...process.env, API: server.url }, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'certverify-readme-'));
    await symlink(join(root, 'examples'), join(cwd, 'examples'));
    server = await startLocalServer({ port: 0, dataDir: join(cwd, '.data'), inMemory: true });
  });

  afterAll(async () => {
    await server?.close();
    await shutdownSharedTesseract();
    await rm(cwd, { recursive: true, force: true });
  });

  it('registers, looks up, withdraws and shows the history of a report', async () => {
    // Act
    const out = await run(await walkthrough('registry'));

    // Assess
    expect(out.status, out.stderr).toBe(0);
    const responses = out.stdout.replace(/\}\{/g, '}\n{').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(responses.map((r) => r.status)).toStrictEqual(['VALID', 'VALID', 'WITHDRAWN', 'WITHDRAWN']);
    expect(responses[1]).toStrictEqual({ issuerId: 'mingjian-testing', reportNumber: 'MJ2025-000901', status: 'VALID', productName: '电源适配器', issueDate: '2025-11-20' });
    expect((responses[3]?.history as { status: string }[]).map((h) => h.status)).toStrictEqual(['VALID', 'WITHDRAWN']);
  });

  it('verifies the example documents with the verdicts and the summary.en the README quotes', async () => {
    // Prepare
    const table = await summaryTable();
    const platform = server.demoKeys?.platform ?? '';
    const post = async (file: string, sellerId: string) => {
      const form = new FormData();
      form.set('file', new Blob([await readFile(join(root, 'examples', file))]), file);
      form.set('sellerId', sellerId);
      const res = await fetch(`${server.url}/verifications`, { method: 'POST', headers: { authorization: `Bearer ${platform}` }, body: form });
      const v = (await res.json()) as { verdict: string; summary: { en: string } };
      return { verdict: v.verdict, summary: v.summary.en };
    };
    // Act: the walk-through as written, then every other file of the table
    const out = await run(await walkthrough('verify'));
    const walked = out.stdout.trim().split('\n').map((l) => ({ verdict: l.slice(0, 13).trim(), summary: l.slice(14) }));
    const byRow = new Map<string, { verdict: string; summary: string }>();
    ['genuine.pdf', 'genuine-scan.jpg', 'tampered.pdf', 'fake-number.pdf', 'revoked.pdf', 'genuine.pdf for another product'].forEach((row, i) => {
      const got = walked[i];
      if (got) byRow.set(row, got);
    });
    let seller = 100;
    for (const row of table) if (!byRow.has(row.row)) byRow.set(row.row, await post(row.row, `seller-${seller++}`));
    // Assess: the README quotes what the API says, row by row
    expect(out.status, out.stderr).toBe(0);
    expect(table.map((r) => ({ row: r.row, ...byRow.get(r.row) }))).toStrictEqual(table.map(({ row, verdict, summary }) => ({ row, verdict, summary })));
  }, 300_000);
});

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
    const out = await run(await walkthrough('registry'));

    expect(out.status, out.stderr).toBe(0);
    const responses = out.stdout.replace(/\}\{/g, '}\n{').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(responses.map((r) => r.status)).toStrictEqual(['VALID', 'VALID', 'WITHDRAWN', 'WITHDRAWN']);
    expect(responses[1]).toStrictEqual({ issuerId: 'mingjian-testing', reportNumber: 'MJ2025-000901', status: 'VALID', productName: '电源适配器', issueDate: '2025-11-20' });
    expect((responses[3]?.history as { status: string }[]).map((h) => h.status)).toStrictEqual(['VALID', 'WITHDRAWN']);
  });

  it('verifies the example documents with the verdicts the README lists', async () => {
    const out = await run(await walkthrough('verify'));

    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0])).toStrictEqual([
      'AUTHENTIC',
      'AUTHENTIC',
      'FRAUDULENT',
      'FRAUDULENT',
      'FRAUDULENT',
      'FRAUDULENT',
    ]);
  }, 180_000);
});

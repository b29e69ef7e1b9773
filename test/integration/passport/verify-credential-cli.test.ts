import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { startLocalServer, type LocalServer } from '#local/server.ts';

describe('cli: certverify verify-credential', () => {
  let server: LocalServer;
  let dir: string;
  let issuerKey: string;
  let passport: { url: string; credential: string };

  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['verify-credential', ...argv], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stderrIsTty: false,
      env: { CERTVERIFY_CACHE_DIR: join(dir, 'cache') },
    });
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certverify-vc-cli-'));
    server = await startLocalServer({ port: 0, dataDir: dir, inMemory: true });
    const keys = JSON.parse(await readFile(join(dir, 'demo-keys.json'), 'utf8')) as { issuers: Record<string, string> };
    issuerKey = keys.issuers['mingjian-testing'] ?? '';
    const res = await fetch(`${server.url}/issuers/mingjian-testing/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issuerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reportNumber: 'MJ2025-009001', documentType: 'INSPECTION_REPORT', productName: '电热水壶', model: 'KT-15', issueDate: '2025-04-01' }),
    });
    passport = ((await res.json()) as { passport: typeof passport }).passport;
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies offline from a did.json and status list files, and prints what it attests', async () => {
    // Prepare
    const did = await (await fetch(`${server.url}/.well-known/did.json`)).text();
    const lists = await Promise.all(['revocation-1', 'suspension-1'].map(async (id) => (await fetch(`${server.url}/status-lists/${id}`)).text()));
    await writeFile(join(dir, 'did.json'), did);
    await Promise.all(lists.map((l, i) => writeFile(join(dir, `list-${i}.jwt`), l)));
    await writeFile(join(dir, 'passport.json'), JSON.stringify(passport));

    // Act
    const result = await run(join(dir, 'passport.json'), '--offline', '--did', join(dir, 'did.json'), '--status-list', join(dir, 'list-0.jwt'), '--status-list', join(dir, 'list-1.jwt'));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^VALID \(PASS\)/);
    expect(result.stdout).toMatch(/Report number \/ 报告编号\s+MJ2025-009001/);
    expect(result.stdout).toMatch(/Product \/ 产品名称\s+电热水壶/);
  });

  it('fetches from the deployment once, then works offline from its cache; a revocation shows when it fetches again', async () => {
    // Prepare
    const online = await run(passport.credential);
    const cachedOffline = await run(passport.credential, '--offline');
    await fetch(`${server.url}/issuers/mingjian-testing/reports/MJ2025-009001`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${issuerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'REVOKED', reason: 'test' }),
    });
    const viaUrl = await run(passport.url, '--cache', join(dir, 'fresh-cache'));

    // Act & Assess
    expect([online.code, cachedOffline.code]).toStrictEqual([0, 0]);
    expect([viaUrl.code, viaUrl.stdout.split('\n')[0]]).toStrictEqual([2, 'REVOKED (FAIL)']);
  });

  it('answers ERROR (exit 1), never invalid, offline without the status lists', async () => {
    // Act
    const result = await run(passport.credential, '--offline', '--cache', join(dir, 'empty'), '--did', join(dir, 'did.json'), '--json');
    // Assess
    const out = JSON.parse(result.stdout) as { result: { status: string; code: string } };

    expect(result.code).toBe(1);
    expect(out.result).toMatchObject({ status: 'ERROR', code: 'STATUS_LIST_UNAVAILABLE' });
  });

  it('says FAIL (exit 2) for a flipped byte', async () => {
    // Prepare
    const [h, p, s] = passport.credential.split('.') as [string, string, string];
    const tampered = `${h}.${p.slice(0, 40)}${p[40] === 'A' ? 'B' : 'A'}${p.slice(41)}.${s}`;
    const result = await run(tampered, '--offline', '--did', join(dir, 'did.json'));
    // Act & Assess
    expect([result.code, result.stdout.split('\n')[0]]).toStrictEqual([2, expect.stringMatching(/^(SIGNATURE_INVALID|MALFORMED) \(FAIL\)$/)]);
  });
});

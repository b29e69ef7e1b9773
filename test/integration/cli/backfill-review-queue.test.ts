import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/command.ts';
import { runCli } from '../../../cli/main.ts';
import type { Principal } from '#shared/domain/api-key.ts';
import { openLocalStore } from '#local/local-store.ts';
import { readTypedFields, verifyReading } from '#shared/services/verify-document.ts';
import { Keys } from '#shared/store/access-patterns.ts';

const dir = mkdtempSync(join(tmpdir(), 'certverify-backfill-'));
const dataDir = join(dir, 'data');
const cli = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stderrIsTty: false, env: { CERTVERIFY_DATA_DIR: dataDir } };
  const code = await runCli(argv, io);
  return { code, out: out.join(''), err: err.join('') };
};
const platform: Principal = { keyId: 'k_backfill', role: 'platform', platformId: 'backfill-market' };

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli: certverify backfill-review-queue', () => {
  it('lists the verifications stored before the queue existed, in both queues, in order and in the state of their review; a second run writes nothing', async () => {
    // Prepare: verifications stored through the real path on the local store (./data), then their queue lines taken
    // away, as they were before the queue existed: one never reviewed, one decided FRAUDULENT, one AUTHENTIC.
    let store = await openLocalStore(dataDir, {});
    const verify = (reportNumber: string, productName = 'charger') => verifyReading(store.deps, readTypedFields({ reportNumber, productName }), { sellerId: `s-${reportNumber}` }, platform);
    const unknown = await verify('ZZ-NO-SUCH-1');
    const later = await verify('ZZ-NO-SUCH-2');
    const genuine = await verify('MJ2025-000127', '快速充电器');
    const reviewed = await verify('ZZ-NO-SUCH-3');
    await store.deps.repos.reviews.append(reviewed, {
      reviewId: 'rv_backfill',
      verificationId: reviewed.verificationId,
      decision: 'FRAUDULENT',
      reasonCode: 'EDITED_DOCUMENT',
      reviewer: { keyId: 'k_backfill', role: 'investigator' },
      createdAt: new Date().toISOString(),
    } as never);
    const { doc, name } = store.deps.repos.table;
    for (const v of [unknown, later, genuine, reviewed]) {
      await doc.send(new UpdateCommand({ TableName: name, Key: Keys.verification(v.verificationId), UpdateExpression: 'REMOVE gsi1pk, gsi1sk, reviewState' }));
      await doc.send(new DeleteCommand({ TableName: name, Key: Keys.reviewQueueLine(v.verificationId, 'P#backfill-market') }));
    }
    const before = await store.deps.repos.reviews.queue({ kind: 'all' }, { state: 'OPEN', limit: 50 });
    await store.close();

    // Act
    const dry = await cli('backfill-review-queue', '--dry-run', '--json');
    const first = await cli('backfill-review-queue', '--json', '--segments', '2');
    const second = await cli('backfill-review-queue', '--json');
    store = await openLocalStore(dataDir, {});
    const queue = async (scope: Parameters<typeof store.deps.repos.reviews.queue>[0], state: 'OPEN' | 'DECIDED') =>
      (await store.deps.repos.reviews.queue(scope, { state, limit: 50 })).items.map((i) => [i.verificationId, i.state, i.finalVerdict ?? null]);
    const allOpen = await queue({ kind: 'all' }, 'OPEN');
    const mineOpen = await queue({ kind: 'platform', platformId: 'backfill-market' }, 'OPEN');
    const allDecided = await queue({ kind: 'all' }, 'DECIDED');
    const mineDecided = await queue({ kind: 'platform', platformId: 'backfill-market' }, 'DECIDED');
    await store.close();

    // Assess
    expect(genuine.verdict).toBe('AUTHENTIC');
    expect([unknown.verdict, later.verdict, reviewed.verdict].every((v) => v !== 'AUTHENTIC')).toBe(true);
    expect(before.items).toStrictEqual([]);
    expect([dry.code, JSON.parse(dry.out)]).toStrictEqual([0, expect.objectContaining({ dryRun: true, queued: 3, listed: 3, platformLines: 3 })]);
    expect([first.code, JSON.parse(first.out)]).toStrictEqual([0, expect.objectContaining({ dryRun: false, queued: 3, listed: 3, platformLines: 3 })]);
    expect([second.code, JSON.parse(second.out)]).toStrictEqual([0, expect.objectContaining({ queued: 3, listed: 0, platformLines: 0 })]);
    const open = [unknown, later].sort((a, b) => b.riskScore - a.riskScore || a.createdAt.localeCompare(b.createdAt)).map((v) => [v.verificationId, 'OPEN', null]);
    expect(allOpen).toStrictEqual(open);
    expect(mineOpen).toStrictEqual(open);
    expect(allDecided).toStrictEqual([[reviewed.verificationId, 'DECIDED', 'FRAUDULENT']]);
    expect(mineDecided).toStrictEqual([[reviewed.verificationId, 'DECIDED', 'FRAUDULENT']]);
  }, 120_000);

  it('refuses --aws without TABLE_NAME and a bad --segments (exit 64)', async () => {
    const aws = await cli('backfill-review-queue', '--aws');
    const segments = await cli('backfill-review-queue', '--segments', '0');

    expect([aws.code, aws.err]).toStrictEqual([64, expect.stringContaining('--aws needs TABLE_NAME')]);
    expect([segments.code, segments.err]).toStrictEqual([64, expect.stringContaining('--segments must be')]);
  });
});

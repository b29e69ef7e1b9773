import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '#shared/store/client.ts';
import { ensureTable } from '#shared/store/create-table.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { buildLocalDeps } from '#shared/runtime/local.ts';
import { loadLocalSecrets } from '#shared/runtime/local-secrets.ts';
import { noUploadUrls } from '#shared/runtime/local-uploads.ts';
import { TableSpec } from '#shared/store/table-spec.ts';
import { startEmbeddedDynamo } from './embedded-dynamodb.ts';
import { seedDemoData } from './seed/seed.ts';

/** Where a running local server announces its embedded engine, so the CLI can share it (LevelDB allows one process). */
export const runtimeFile = (dataDir: string) => join(dataDir, 'runtime.json');

export const announceEngine = (dataDir: string, endpoint: string) =>
  writeFile(runtimeFile(dataDir), `${JSON.stringify({ endpoint, pid: process.pid })}\n`);

export const withdrawEngine = (dataDir: string) => rm(runtimeFile(dataDir), { force: true });

const reachable = async (endpoint: string): Promise<boolean> => {
  const client = createDynamoClient({ endpoint });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
};

/**
 * The CLI's dependencies over the local store: DYNAMODB_ENDPOINT if set; else
 * the engine of a running `npm start`; else the embedded engine over ./.data
 * itself, created and seeded with the demo registry on first use. The secrets
 * are the local runtime's (.data/secrets.json); reference data is not cached.
 */
export const openLocalStore = async (dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ deps: Deps; close: () => Promise<void> }> => {
  const tableName = env.TABLE_NAME ?? TableSpec.defaultName;
  let endpoint = env.DYNAMODB_ENDPOINT;
  let stopEngine: (() => Promise<void>) | undefined;
  if (!endpoint) {
    const announced = await readFile(runtimeFile(dataDir), 'utf8').then((t) => (JSON.parse(t) as { endpoint?: string }).endpoint, () => undefined);
    if (announced && (await reachable(announced))) endpoint = announced;
  }
  if (!endpoint) {
    await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    const engine = await startEmbeddedDynamo({ path: join(dataDir, 'dynamodb') });
    endpoint = engine.endpoint;
    stopEngine = engine.stop;
  }
  const admin = createDynamoClient({ endpoint });
  const created = (await ensureTable(admin, tableName)) === 'created';
  admin.destroy();
  const deps = buildLocalDeps({ endpoint, tableName, secrets: await loadLocalSecrets(dataDir), uploadUrls: noUploadUrls, env, referenceTtlMs: 0 });
  if (created) await seedDemoData(deps.repos, dataDir);
  return {
    deps,
    close: async () => {
      deps.close();
      await stopEngine?.();
    },
  };
};

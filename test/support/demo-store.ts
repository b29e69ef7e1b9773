import { seedDemoData, type DemoKeys } from '#local/seed/seed.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '#shared/domain/api-key.ts';
import { freshRepositories } from './store.ts';

/** A fresh table on an engine, seeded with the demo registry, and the platform principal of its demo key. */
export const demoRepositories = async (endpoint: string) => {
  const repos = await freshRepositories(endpoint);
  const keys: DemoKeys = await seedDemoData(repos, await mkdtemp(join(tmpdir(), 'certverify-keys-')));
  const platform = (await repos.apiKeys.authenticate(keys.platform)) as Principal;
  return { repos, keys, platform };
};

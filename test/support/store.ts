import { randomUUID } from 'node:crypto';
import { createDynamoClient } from '#shared/store/client.ts';
import { ensureTable } from '#shared/store/create-table.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';

/** A fresh table on an engine: each suite gets its own, so suites never see each other's data. */
export const freshRepositories = async (endpoint: string): Promise<Repositories & { destroy: () => void }> => {
  const client = createDynamoClient({ endpoint });
  const tableName = `test-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return { ...createRepositories(client, tableName), destroy: () => client.destroy() };
};

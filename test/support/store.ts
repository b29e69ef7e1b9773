import { randomBytes, randomUUID } from 'node:crypto';
import { createDynamoClient } from '#shared/store/client.ts';
import { ensureTable } from '#shared/store/create-table.ts';
import { createCursorCodec } from '#shared/store/cursor.ts';
import { createRepositories, type Repositories } from '#shared/store/repositories.ts';

/** A fresh table on an engine: each suite gets its own, so suites never see each other's data. Its cursor secret is random. */
export const freshRepositories = async (endpoint: string): Promise<Repositories & { destroy: () => void }> => {
  const client = createDynamoClient({ endpoint });
  const tableName = `test-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return { ...createRepositories(client, tableName, createCursorCodec(randomBytes(32).toString('base64url'))), destroy: () => client.destroy() };
};

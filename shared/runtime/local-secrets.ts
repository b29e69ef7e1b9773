import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The secrets of the local runtime, the one mechanism for them: generated at
 * random on first use and kept in `<dataDir>/secrets.json` (mode 0600), so
 * cursors and upload URLs stay valid across restarts. Without a data
 * directory (tests, in-memory servers) they are random per process. There is
 * no default value anywhere.
 */
export const LocalSecrets = z.object({
  /** Signs pagination cursors (on AWS: a Secrets Manager secret). */
  cursor: z.string().min(32),
  /** Signs the local upload URLs of POST /uploads (on AWS: S3 presigning). */
  uploadUrl: z.string().min(32),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

const fresh = (): LocalSecrets => ({
  cursor: randomBytes(32).toString('base64url'),
  uploadUrl: randomBytes(32).toString('base64url'),
});

export const secretsFile = (dataDir: string): string => join(dataDir, 'secrets.json');

export const loadLocalSecrets = async (dataDir?: string): Promise<LocalSecrets> => {
  if (dataDir === undefined) return fresh();
  const file = secretsFile(dataDir);
  const stored = await readFile(file, 'utf8').then(
    (text) => LocalSecrets.safeParse(JSON.parse(text)),
    () => undefined,
  );
  if (stored?.success) return stored.data;
  const secrets = fresh();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
};

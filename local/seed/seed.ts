import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '#shared/domain/api-key.ts';
import type { FraudPatternInput } from '#shared/domain/fraud-pattern.ts';
import { normaliseFraudValue } from '#shared/domain/normalise.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { DemoFraudPatterns, DemoIssuers, DemoReports } from './demo-data.ts';

export interface DemoKeys {
  admin: string;
  platform: string;
  investigator: string;
  issuers: Record<string, string>;
}

const SEEDER = 'demo-seed';

/**
 * Seeds the demo registry. Every step is idempotent, so a restart over the
 * same data directory changes nothing: issuers are put again, reports
 * re-registered with the same content (200), status changes applied once,
 * and patterns added only when missing.
 */
export const seedDemoData = async (repos: Repositories, dataDir: string): Promise<DemoKeys> => {
  for (const [issuerId, input] of Object.entries(DemoIssuers)) {
    await repos.issuers.put(issuerId, input, { demo: true });
  }
  for (const { issuerId, report, status } of DemoReports) {
    const { report: stored } = await repos.reports.register(issuerId, report, SEEDER, { demo: true });
    if (status && stored.status === 'VALID') {
      await repos.reports.changeStatus(issuerId, report.reportNumber, status, SEEDER);
    }
  }
  const existing = await repos.fraudPatterns.list();
  const patterns = [...DemoFraudPatterns, ...(await knownForgeryPatterns())];
  const sameAs = (a: { kind: string; value: string; match: string }) => (b: { kind: string; value: string; match: string }) =>
    a.kind === b.kind && a.match === b.match && normaliseFraudValue(a.kind as never, a.value) === normaliseFraudValue(b.kind as never, b.value);
  for (const pattern of patterns) {
    if (!existing.some(sameAs(pattern))) await repos.fraudPatterns.create(pattern, SEEDER, { demo: true });
  }
  return demoKeys(repos, dataDir);
};

/** The sha256 of examples/known-forgery.pdf (scripts/generate-examples.ts), a forged file investigators have already seen. */
const knownForgeryPatterns = async (): Promise<FraudPatternInput[]> => {
  const index = await readFile(new URL('../../examples/index.json', import.meta.url), 'utf8').then(
    (t) => JSON.parse(t) as Array<{ file: string; sha256: string }>,
    () => [],
  );
  const forgery = index.find((e) => e.file === 'known-forgery.pdf');
  return forgery
    ? [{ kind: 'DOCUMENT_SHA256', value: forgery.sha256, match: 'EXACT', severity: 'HIGH', note: 'examples/known-forgery.pdf: a forged report seen on several listings' }]
    : [];
};

/** The demo keys, reused from .data/demo-keys.json while they still authenticate. */
const demoKeys = async (repos: Repositories, dataDir: string): Promise<DemoKeys> => {
  const file = join(dataDir, 'demo-keys.json');
  const previous = await readFile(file, 'utf8').then((t) => JSON.parse(t) as DemoKeys, () => undefined);
  const still = async (key: string | undefined, role: Role, issuerId?: string): Promise<string> => {
    const principal = key ? await repos.apiKeys.authenticate(key) : undefined;
    if (key && principal?.role === role && principal.issuerId === issuerId) return key;
    const created = await repos.apiKeys.create(
      { role, ...(issuerId ? { issuerId } : {}), ...(role === 'platform' ? { platformId: 'demo-marketplace' } : {}), label: `demo ${role}${issuerId ? ` ${issuerId}` : ''}` },
      { demo: true },
    );
    return created.apiKey;
  };
  const keys: DemoKeys = {
    admin: await still(previous?.admin, 'admin'),
    platform: await still(previous?.platform, 'platform'),
    investigator: await still(previous?.investigator, 'investigator'),
    issuers: {},
  };
  for (const issuerId of Object.keys(DemoIssuers)) {
    keys.issuers[issuerId] = await still(previous?.issuers?.[issuerId], 'issuer', issuerId);
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
};

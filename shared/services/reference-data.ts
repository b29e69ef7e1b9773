import type { FraudPattern } from '#shared/domain/fraud-pattern.ts';
import type { Issuer } from '#shared/domain/issuer.ts';
import type { Repositories } from '#shared/store/repositories.ts';

export interface ReferenceData {
  /** Every registered issuer: near-miss impersonation needs them all. */
  directory: Issuer[];
  /** Every PHRASE and REGEX fraud pattern. */
  textPatterns: FraudPattern[];
}

type Sources = Pick<Repositories, 'issuers' | 'fraudPatterns'> & { referenceVersion?: Repositories['referenceVersion'] };

/**
 * The slowly changing reference data every verification reads, cached per
 * process. It stays fresh in two ways:
 * - a write through this process (issuer put, pattern create or delete)
 *   drops the copy at once (ReferenceVersion.onChange);
 * - every verification reads the shared version counter in its one
 *   BatchGetItem and calls `atLeast(version)`: a copy loaded before a write
 *   in another process or Lambda instance is reloaded before the checks run.
 * The TTL (REFERENCE_CACHE_TTL_MS, default 30 s) is only a backstop.
 */
export class ReferenceDataCache {
  private cached?: { at: number; version: number | undefined; data: Promise<ReferenceData> };

  constructor(
    private readonly repos: Sources,
    private readonly ttlMs = Number(process.env.REFERENCE_CACHE_TTL_MS ?? 30_000),
  ) {
    repos.referenceVersion?.onChange(() => this.invalidate());
  }

  get(now = Date.now()): Promise<ReferenceData> {
    if (!this.cached || now - this.cached.at >= this.ttlMs) this.load(now);
    return (this.cached as { data: Promise<ReferenceData> }).data;
  }

  /**
   * The data at least as new as `version` (the counter a verification just
   * read). Reloads when the copy was loaded at an older version.
   */
  async atLeast(version: number, now = Date.now()): Promise<ReferenceData> {
    if (!this.repos.referenceVersion) return this.get(now);
    const current = this.cached;
    if (current) {
      // A load in flight learns its version first: wait for it before comparing.
      await current.data.catch(() => undefined);
      if (this.cached === current && current.version !== undefined && current.version >= version && now - current.at < this.ttlMs) {
        return current.data;
      }
      if (this.cached !== current && this.cached) return this.atLeast(version, now);
    }
    this.load(now);
    return (this.cached as { data: Promise<ReferenceData> }).data;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private load(now: number): void {
    const entry: { at: number; version: number | undefined; data: Promise<ReferenceData> } = { at: now, version: undefined, data: Promise.resolve({ directory: [], textPatterns: [] }) };
    // The counter is read before the lists: the lists are then at least that new.
    entry.data = (this.repos.referenceVersion?.read() ?? Promise.resolve(undefined))
      .then((version) => {
        entry.version = version;
        return Promise.all([this.repos.issuers.listAll(), this.repos.fraudPatterns.listTextPatterns()]);
      })
      .then(([directory, textPatterns]) => ({ directory, textPatterns }));
    entry.data.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    this.cached = entry;
  }
}

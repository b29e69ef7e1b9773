import type { FraudPattern } from '#shared/domain/fraud-pattern.ts';
import type { Issuer } from '#shared/domain/issuer.ts';
import type { Repositories } from '#shared/store/repositories.ts';

export interface ReferenceData {
  /** Every registered issuer: near-miss impersonation needs them all. */
  directory: Issuer[];
  /** Every PHRASE and REGEX fraud pattern. */
  textPatterns: FraudPattern[];
}

/**
 * The slowly changing reference data every verification reads, cached per
 * process for `ttlMs` (REFERENCE_CACHE_TTL_MS, default 30 s) so a warm
 * verification spends no call on it. Writes through this process invalidate
 * it at once; other processes (other Lambda instances) see a change within
 * the TTL.
 */
export class ReferenceDataCache {
  private cached?: { at: number; data: Promise<ReferenceData> };

  constructor(
    private readonly repos: Pick<Repositories, 'issuers' | 'fraudPatterns'>,
    private readonly ttlMs = Number(process.env.REFERENCE_CACHE_TTL_MS ?? 30_000),
  ) {}

  get(now = Date.now()): Promise<ReferenceData> {
    if (!this.cached || now - this.cached.at >= this.ttlMs) {
      const data = Promise.all([this.repos.issuers.listAll(), this.repos.fraudPatterns.listTextPatterns()]).then(
        ([directory, textPatterns]) => ({ directory, textPatterns }),
      );
      data.catch(() => {
        if (this.cached?.data === data) this.cached = undefined;
      });
      this.cached = { at: now, data };
    }
    return this.cached.data;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

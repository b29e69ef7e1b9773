import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublicLookupThrottledError } from '#shared/domain/errors.ts';
import { Keys } from './access-patterns.ts';
import { dynamo, type Table } from './table.ts';

/**
 * Failed public lookups (a wrong issue date, an unknown number), counted per
 * report number and per client address in fixed windows. A counter is one
 * item with a TTL (expiresAt), incremented by UpdateItem; once either counter
 * of the window reaches its limit, every public lookup of that number or from
 * that client answers 429 with Retry-After until the window ends, whether the
 * guess would have been right or not, and whether the number exists or not.
 */
export interface LookupGuardLimits {
  /** Failed lookups of one report number per window (PUBLIC_LOOKUP_FAILURES_PER_NUMBER, default 10). */
  perNumber: number;
  /** Failed lookups from one client address per window (PUBLIC_LOOKUP_FAILURES_PER_CLIENT, default 30). */
  perClient: number;
  /** Window length, seconds (PUBLIC_LOOKUP_WINDOW_SECONDS, default 900). */
  windowSeconds: number;
}

const positive = (raw: string | undefined, fallback: number): number => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export const lookupGuardLimitsFromEnv = (env: NodeJS.ProcessEnv = process.env): LookupGuardLimits => ({
  perNumber: positive(env.PUBLIC_LOOKUP_FAILURES_PER_NUMBER, 10),
  perClient: positive(env.PUBLIC_LOOKUP_FAILURES_PER_CLIENT, 30),
  windowSeconds: positive(env.PUBLIC_LOOKUP_WINDOW_SECONDS, 900),
});

export interface LookupCaller {
  issuerId: string;
  reportNumber: string;
  client: string;
}

export class LookupGuard {
  constructor(
    private readonly table: Table,
    private readonly limits: () => LookupGuardLimits = lookupGuardLimitsFromEnv,
  ) {}

  private window(now: Date) {
    const { windowSeconds } = this.limits();
    const index = Math.floor(now.getTime() / 1000 / windowSeconds);
    const endsAt = (index + 1) * windowSeconds;
    return { id: `W#${windowSeconds}#${index}`, endsAt, retryAfterSeconds: Math.max(1, Math.ceil(endsAt - now.getTime() / 1000)) };
  }

  private keys(caller: LookupCaller, windowId: string) {
    return {
      number: Keys.lookupGuessesByNumber(caller.issuerId, caller.reportNumber, windowId),
      client: Keys.lookupGuessesByClient(caller.client, windowId),
    };
  }

  /** 429 when this number or this client has used up its failed lookups in the window. One BatchGetItem. */
  async assertAllowed(caller: LookupCaller, now = new Date()): Promise<void> {
    const limits = this.limits();
    const w = this.window(now);
    const keys = this.keys(caller, w.id);
    const out = await dynamo('BatchGetItem', () =>
      this.table.doc.send(new BatchGetCommand({ RequestItems: { [this.table.name]: { Keys: [keys.number, keys.client] } } })),
    );
    const count = (key: { pk: string }) => {
      const item = (out?.Responses?.[this.table.name] ?? []).find((i) => i.pk === key.pk);
      return typeof item?.count === 'number' ? item.count : 0;
    };
    if (count(keys.number) >= limits.perNumber || count(keys.client) >= limits.perClient) {
      throw new PublicLookupThrottledError('Too many failed lookups; retry later.', { details: { retryAfterSeconds: w.retryAfterSeconds } });
    }
  }

  /** Counts one failed lookup against the number and the client (two UpdateItems, in parallel). */
  async recordFailure(caller: LookupCaller, now = new Date()): Promise<void> {
    const w = this.window(now);
    const keys = this.keys(caller, w.id);
    await Promise.all(
      [keys.number, keys.client].map((Key) =>
        dynamo('UpdateItem', () =>
          this.table.doc.send(
            new UpdateCommand({
              TableName: this.table.name,
              Key,
              UpdateExpression: 'ADD #c :one SET expiresAt = :ttl, entity = :entity',
              ExpressionAttributeNames: { '#c': 'count' },
              ExpressionAttributeValues: { ':one': 1, ':ttl': w.endsAt + 60, ':entity': 'LookupGuesses' },
            }),
          ),
        ),
      ),
    );
  }
}

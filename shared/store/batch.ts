import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { dynamo, type Table } from './table.ts';

type Key = { pk: string; sk: string };
type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

export interface UnprocessedRetry {
  /** Rounds in all, the first included. */
  attempts: number;
  /** Full-jitter exponential backoff: up to baseDelayMs × 2^round before each later round. */
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * DynamoDB may answer a BatchGetItem or BatchWriteItem with part of it
 * unprocessed (throttling). The SDK retries failed requests, not those items;
 * this is the one place that does: with backoff, and a
 * DependencyUnavailableError after the last round — never a silent drop.
 */
const UNPROCESSED_RETRY: UnprocessedRetry = {
  attempts: 5,
  baseDelayMs: 50,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const rounds = async <T>(
  operation: string,
  pending: T[],
  batchSize: number,
  send: (batch: T[]) => Promise<T[]>,
  retry: UnprocessedRetry,
): Promise<void> => {
  let left = pending;
  for (let round = 0; left.length > 0; round++) {
    if (round >= retry.attempts) {
      throw new DependencyUnavailableError('dynamodb', `DynamoDB ${operation} left ${left.length} item(s) unprocessed after ${retry.attempts} rounds`);
    }
    if (round > 0) await retry.sleep(Math.round(Math.random() * retry.baseDelayMs * 2 ** round));
    const next: T[] = [];
    for (let i = 0; i < left.length; i += batchSize) next.push(...(await send(left.slice(i, i + batchSize))));
    left = next;
  }
};

/** Every item of `keys` that exists (BatchGetItem, 100 keys per request); `consistentRead` for strongly consistent reads. */
export const batchGetAll = async (
  table: Table,
  keys: Key[],
  options: { consistentRead?: boolean; retry?: UnprocessedRetry } = {},
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  const consistency = options.consistentRead ? { ConsistentRead: true } : {};
  await rounds('BatchGetItem', keys, 100, async (batch) => {
    const out = await dynamo('BatchGetItem', () => table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: batch, ...consistency } } })));
    items.push(...(out.Responses?.[table.name] ?? []));
    return (out.UnprocessedKeys?.[table.name]?.Keys ?? []) as Key[];
  }, options.retry ?? UNPROCESSED_RETRY);
  return items;
};

/** Writes every request (BatchWriteItem, 25 per request). */
export const batchWriteAll = async (table: Table, requests: WriteRequest[], retry: UnprocessedRetry = UNPROCESSED_RETRY): Promise<void> => {
  await rounds('BatchWriteItem', requests, 25, async (batch) => {
    const out = await dynamo('BatchWriteItem', () => table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: batch } })));
    return (out.UnprocessedItems?.[table.name] ?? []) as WriteRequest[];
  }, retry);
};

const keyOf = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}|${String(k.sk)}`;

/**
 * Coalesces the BatchGetItem reads of one table that are asked for at about
 * the same time: reads made in one turn of the event loop, or while a
 * coalesced read is in flight, go out together as one request of up to 100
 * distinct keys (each reader gets the items of its own keys). Under
 * concurrency — the local server's requests, a batch's items in flight —
 * that is one round trip, one signature and one HTTP exchange for several
 * verifications instead of one each. A failed read fails every reader in it,
 * as each would have failed on its own. With `consistentRead`, every read is
 * strongly consistent: each reader's read is still sent after it asked, so it
 * sees every write that completed before.
 */
export class BatchGetCoalescer {
  private queue: Array<{ keys: Key[]; resolve: (items: Record<string, unknown>[]) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly table: Table,
    private readonly options: { maxKeys?: number; maxInFlight?: number; consistentRead?: boolean; retry?: UnprocessedRetry } = {},
  ) {}

  get(keys: Key[]): Promise<Record<string, unknown>[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ keys, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= (this.options.maxInFlight ?? 4)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const maxKeys = this.options.maxKeys ?? 100;
    const keys = new Map<string, Key>();
    const taken: typeof this.queue = [];
    while (this.queue.length > 0) {
      const next = this.queue[0] as (typeof this.queue)[number];
      const fresh = next.keys.filter((k) => !keys.has(keyOf(k)));
      if (taken.length > 0 && keys.size + fresh.length > maxKeys) break;
      for (const k of fresh) keys.set(keyOf(k), k);
      taken.push(next);
      this.queue.shift();
    }
    if (taken.length === 0) return;
    this.inFlight += 1;
    batchGetAll(this.table, [...keys.values()], {
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      ...(this.options.consistentRead ? { consistentRead: true } : {}),
    })
      .then(
        (items) => {
          const byKey = new Map(items.map((item) => [keyOf(item as { pk: unknown; sk: unknown }), item]));
          for (const reader of taken) {
            reader.resolve(reader.keys.flatMap((k) => {
              const item = byKey.get(keyOf(k));
              return item ? [item] : [];
            }));
          }
        },
        (error: unknown) => {
          for (const reader of taken) reader.reject(error);
        },
      )
      .finally(() => {
        this.inFlight -= 1;
        this.schedule();
      });
    this.schedule();
  }
}

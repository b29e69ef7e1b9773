import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from './access-patterns.ts';
import { dynamo, type Table } from './table.ts';

/**
 * One counter item for the slowly changing reference data (issuers, fraud
 * patterns). Every write to them bumps it; every verification reads it in
 * the BatchGetItem it already makes, so a process whose cached copy is older
 * reloads before it judges: a change is in force for the very next
 * verification in every process and Lambda instance, at no extra round trip.
 */
export class ReferenceVersion {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly table: Table) {}

  static readonly key = Keys.referenceVersion();

  /** Called on every write through this process (the local cache drops its copy at once). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a write: drop this process's copies, then bump the shared counter. */
  async bump(): Promise<void> {
    this.listeners.forEach((l) => l());
    await dynamo('UpdateItem', () =>
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: ReferenceVersion.key,
          UpdateExpression: 'ADD #v :one SET entity = :entity',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':one': 1, ':entity': 'ReferenceVersion' },
        }),
      ),
    ).catch(() => undefined); // the write itself stands; the cache TTL bounds the staleness elsewhere
    this.listeners.forEach((l) => l());
  }

  /** The current counter (0 before the first write), read strongly. */
  async read(): Promise<number> {
    const out = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: ReferenceVersion.key, ConsistentRead: true })),
    );
    return versionOf(out?.Item);
  }
}

export const versionOf = (item: Record<string, unknown> | undefined): number => (typeof item?.version === 'number' ? item.version : 0);

import { GetCommand, PutCommand, QueryCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { IssuerIdentifierTakenError } from '#shared/domain/errors.ts';
import type { Issuer, IssuerInput } from '#shared/domain/issuer.ts';
import { normaliseIssuerName } from '#shared/domain/normalise.ts';
import { Entity, Keys } from './access-patterns.ts';
import { batchWriteAll } from './batch.ts';
import type { ReferenceVersion } from './reference-version.ts';
import { dynamo, isConditionFailed, queryAll, stripKeys, type Table } from './table.ts';

type PointerKey = { pk: string; sk: string };

/** The lookup keys an issuer owns: one per accreditation number, one per name and alias. */
const pointerKeys = (issuer: Pick<Issuer, 'name' | 'nameAliases' | 'accreditations'>): PointerKey[] => {
  const keys = new Map<string, PointerKey>();
  for (const a of issuer.accreditations) {
    const key = Keys.issuerByAccreditation(a.number);
    keys.set(key.pk, key);
  }
  for (const name of [issuer.name, ...(issuer.nameAliases ?? [])]) {
    if (normaliseIssuerName(name) === '') continue;
    const key = Keys.issuerByName(name);
    keys.set(key.pk, key);
  }
  return [...keys.values()];
};

export interface PutIssuerResult {
  issuer: Issuer;
  created: boolean;
}

/**
 * Issuers and their lookup pointers. A pointer (accreditation number or
 * normalised name → issuer) carries a snapshot of the issuer, so that a
 * verification resolves the issuer in the same BatchGetItem that reads the
 * fraud patterns.
 *
 * Without transactions a put runs as idempotent steps: claim the pointers
 * (conditional: free or already ours), write the profile, then drop pointers
 * the issuer no longer owns. A put that stops half-way is repaired by
 * repeating it.
 */
export class IssuerRepository {
  constructor(
    private readonly table: Table,
    /** Bumped after every write, so every process's cached directory reloads (reference-version.ts). */
    private readonly version?: ReferenceVersion,
  ) {}

  async get(issuerId: string): Promise<Issuer | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: Keys.issuer(issuerId) })),
    );
    return Item ? stripKeys<Issuer>(Item) : undefined;
  }

  async put(issuerId: string, input: IssuerInput, options: { demo?: boolean; now?: Date } = {}): Promise<PutIssuerResult> {
    const now = (options.now ?? new Date()).toISOString();
    const previous = await this.get(issuerId);
    const issuer: Issuer = {
      ...input,
      issuerId,
      ...(options.demo ? { demo: true } : {}),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };

    const wanted = pointerKeys(issuer);
    const claimed: PointerKey[] = [];
    for (const key of wanted) {
      try {
        await dynamo('PutItem', () =>
          this.table.doc.send(
            new PutCommand({
              TableName: this.table.name,
              Item: { ...key, entity: Entity.IssuerPointer, issuerId, issuer },
              ConditionExpression: 'attribute_not_exists(pk) OR issuerId = :id',
              ExpressionAttributeValues: { ':id': issuerId },
            }),
          ),
        );
        claimed.push(key);
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
        const previouslyOurs = previous ? pointerKeys(previous).map((k) => k.pk) : [];
        await this.release(claimed.filter((k) => !previouslyOurs.includes(k.pk)));
        throw new IssuerIdentifierTakenError(
          `Another issuer already uses ${key.pk.startsWith('ACCRED#') ? 'the accreditation number' : 'the name'} ${key.pk.split('#').slice(1).join('#')}.`,
          { cause: e },
        );
      }
    }

    await dynamo('PutItem', () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...Keys.issuer(issuerId), ...Keys.issuerListing(issuerId, issuer.name), entity: Entity.Issuer, ...issuer },
        }),
      ),
    );

    if (previous) {
      const keep = new Set(wanted.map((k) => k.pk));
      await this.release(pointerKeys(previous).filter((k) => !keep.has(k.pk)));
    }
    await this.version?.bump();
    return { issuer, created: previous === undefined };
  }

  /** The issuer whose accreditation carries this printed number. */
  async findByAccreditationNumber(number: string): Promise<Issuer | undefined> {
    return this.pointer(Keys.issuerByAccreditation(number));
  }

  /** The issuer whose name or alias equals this one after normalisation (legal suffix, width, case, spacing). */
  async findByName(name: string): Promise<Issuer | undefined> {
    return this.pointer(Keys.issuerByName(name));
  }

  /** Issuers ordered by normalised name, optionally those whose name starts with `name`. */
  async search(query: { name?: string; limit: number; cursor?: string }): Promise<{ items: Issuer[]; nextCursor?: string }> {
    const prefix = query.name ? normaliseIssuerName(query.name) : '';
    const scope = `issuers:${prefix}`;
    const result = await dynamo('Query', () =>
      this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
          ExpressionAttributeValues: prefix ? { ':pk': Keys.issuerListingPartition, ':prefix': prefix } : { ':pk': Keys.issuerListingPartition },
          Limit: query.limit,
          ExclusiveStartKey: this.table.cursors.decode(scope, query.cursor),
        }),
      ),
    );
    return {
      items: (result.Items ?? []).map((i) => stripKeys<Issuer>(i)),
      nextCursor: this.table.cursors.encode(scope, result.LastEvaluatedKey),
    };
  }

  /** Every registered issuer (the directory used to spot impersonated names). */
  async listAll(): Promise<Issuer[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.issuerListingPartition },
    });
    return items.map((i) => stripKeys<Issuer>(i));
  }

  private async pointer(key: PointerKey): Promise<Issuer | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: key })),
    );
    return Item?.issuer as Issuer | undefined;
  }

  /** Deletes pointers: one DeleteItem, or BatchWriteItem with its unprocessed items retried (never dropped). */
  private async release(keys: PointerKey[]): Promise<void> {
    const [only] = keys;
    if (keys.length === 1 && only) {
      await dynamo('DeleteItem', () => this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: only })));
      return;
    }
    await batchWriteAll(this.table, keys.map((Key) => ({ DeleteRequest: { Key } })));
  }
}


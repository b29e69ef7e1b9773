import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeyNotFoundError } from '#shared/domain/errors.ts';
import type { ApiKey, CreateApiKeyInput, Principal } from '#shared/domain/api-key.ts';
import { Entity, Keys } from './access-patterns.ts';
import { BatchGetCoalescer } from './batch.ts';
import { dynamo, isConditionFailed, putNew, stripKeys, type Table } from './table.ts';

/**
 * API keys look like `cvk_<keyId>_<secret>`. The key id is public (it names the
 * key in listings and in DELETE); only the sha256 of the whole key is stored.
 * Authentication reads the key's item by id, strongly consistent, so a
 * deleted key stops working at once. The reads of requests that arrive
 * together are sent as one BatchGetItem (batch.ts): a platform sends all its
 * traffic with one key, so concurrent requests mostly read the same item.
 */
const KEY_PATTERN = /^cvk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,64})$/;

export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

const newKeyId = (): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
};

type StoredKey = ApiKey & { keyHash: string };

export class ApiKeyRepository {
  constructor(
    private readonly table: Table,
    /** Strongly consistent point reads, coalesced across concurrent requests (repositories.ts). */
    private readonly reads: BatchGetCoalescer = new BatchGetCoalescer(table, { consistentRead: true }),
  ) {}

  async create(input: CreateApiKeyInput, options: { demo?: boolean; now?: Date } = {}): Promise<{ keyId: string; apiKey: string; record: ApiKey }> {
    const keyId = newKeyId();
    const apiKey = `cvk_${keyId}_${randomBytes(32).toString('base64url')}`;
    const createdAt = (options.now ?? new Date()).toISOString();
    const record: ApiKey = {
      keyId,
      role: input.role,
      ...(input.issuerId ? { issuerId: input.issuerId } : {}),
      ...(input.platformId ? { platformId: input.platformId } : {}),
      ...(input.label ? { label: input.label } : {}),
      ...(options.demo ? { demo: true } : {}),
      createdAt,
    };
    await putNew(this.table, { ...Keys.apiKey(keyId), ...Keys.apiKeyListing(createdAt, keyId), entity: Entity.ApiKey, ...record, keyHash: hashApiKey(apiKey) });
    return { keyId, apiKey, record };
  }

  /** The principal a presented key stands for, or undefined for anything unknown, malformed or revoked. */
  async authenticate(apiKey: string): Promise<Principal | undefined> {
    const match = KEY_PATTERN.exec(apiKey);
    if (!match?.[1]) return undefined;
    const keyId = match[1];
    const [Item] = await this.reads.get([Keys.apiKey(keyId)]);
    if (!Item) return undefined;
    const stored = stripKeys<StoredKey>(Item);
    const expected = Buffer.from(stored.keyHash, 'hex');
    const given = Buffer.from(hashApiKey(apiKey), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return {
      role: stored.role,
      keyId: stored.keyId,
      ...(stored.issuerId ? { issuerId: stored.issuerId } : {}),
      ...(stored.platformId ? { platformId: stored.platformId } : {}),
    };
  }

  async list(query: { limit: number; cursor?: string }): Promise<{ items: ApiKey[]; nextCursor?: string }> {
    const scope = 'api-keys';
    const result = await dynamo('Query', () =>
      this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': Keys.apiKeyListingPartition },
          ScanIndexForward: false,
          Limit: query.limit,
          ExclusiveStartKey: this.table.cursors.decode(scope, query.cursor),
        }),
      ),
    );
    return {
      items: (result.Items ?? []).map((i) => {
        const { keyHash: _hash, ...key } = stripKeys<StoredKey>(i);
        return key;
      }),
      nextCursor: this.table.cursors.encode(scope, result.LastEvaluatedKey),
    };
  }

  async delete(keyId: string): Promise<void> {
    try {
      await dynamo('DeleteItem', () =>
        this.table.doc.send(
          new DeleteCommand({ TableName: this.table.name, Key: Keys.apiKey(keyId), ConditionExpression: 'attribute_exists(pk)' }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      throw new ApiKeyNotFoundError(`No API key ${keyId}.`, { cause: e });
    }
  }
}

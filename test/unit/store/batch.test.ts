import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { ApiKeyRepository, hashApiKey } from '#shared/store/api-key-repository.ts';
import { BatchGetCoalescer, batchGetAll, batchWriteAll, type UnprocessedRetry } from '#shared/store/batch.ts';
import { createDocumentClient } from '#shared/store/client.ts';
import { unconfiguredCursorCodec } from '#shared/store/cursor.ts';
import type { Table } from '#shared/store/table.ts';

const doc = createDocumentClient(new DynamoDBClient({ region: 'us-east-1' }));
const table: Table = { doc, name: 'certverify', cursors: unconfiguredCursorCodec };
const ddb = mockClient(doc);
const key = (n: number) => ({ pk: `ACCRED#L${n}`, sk: 'POINTER' });

/** Three rounds, the waits recorded instead of slept. */
const retry = (waits: number[]): UnprocessedRetry => ({ attempts: 3, baseDelayMs: 50, sleep: (ms) => Promise.resolve(void waits.push(ms)) });

describe('store: unprocessed batch items', () => {
  afterEach(() => ddb.reset());

  it('writes again only what BatchWriteItem left unprocessed, after a backoff', async () => {
    // Prepare
    const waits: number[] = [];
    const requests = [1, 2, 3].map((n) => ({ DeleteRequest: { Key: key(n) } }));
    ddb.on(BatchWriteCommand).resolvesOnce({ UnprocessedItems: { certverify: [requests[2] ?? {}] } }).resolves({});
    // Act
    await batchWriteAll(table, requests, retry(waits));
    // Assess
    const calls = ddb.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.certverify);
    expect(calls).toStrictEqual([requests, [requests[2]]]);
    expect(waits).toHaveLength(1);
  });

  it('throws DependencyUnavailableError after its last round instead of dropping items', async () => {
    // Prepare
    const requests = [1, 2].map((n) => ({ DeleteRequest: { Key: key(n) } }));
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { certverify: requests } });
    // Act
    const outcome = batchWriteAll(table, requests, retry([]));
    // Assess
    await expect(outcome).rejects.toThrow(DependencyUnavailableError);
    await expect(outcome).rejects.toThrow(/left 2 item\(s\) unprocessed after 3 rounds/u);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('reads again the keys BatchGetItem left unprocessed and returns every item once', async () => {
    // Prepare
    const keys = Array.from({ length: 120 }, (_, n) => key(n));
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { certverify: keys.slice(0, 99) }, UnprocessedKeys: { certverify: { Keys: [keys[99] ?? key(0)] } } })
      .resolvesOnce({ Responses: { certverify: keys.slice(100) } })
      .resolves({ Responses: { certverify: [key(99)] } });
    // Act
    const items = await batchGetAll(table, keys, { retry: retry([]) });
    // Assess
    expect(ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.certverify?.Keys?.length)).toStrictEqual([100, 20, 1]);
    expect(items).toHaveLength(120);
  });

  it('asks for strongly consistent reads only when told', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({ Responses: { certverify: [] } });
    // Act
    await batchGetAll(table, [key(1)], { consistentRead: true, retry: retry([]) });
    await batchGetAll(table, [key(2)], { retry: retry([]) });
    // Assess
    expect(ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.certverify?.ConsistentRead)).toStrictEqual([true, undefined]);
  });
});

describe('store: coalesced point reads', () => {
  afterEach(() => ddb.reset());

  it('sends the reads asked in one turn as one strongly consistent BatchGetItem, each reader getting its own items', async () => {
    // Prepare
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: { certverify: { Keys: Array<{ pk: string; sk: string }> } } }) => ({
      Responses: { certverify: input.RequestItems.certverify.Keys.filter((k) => k.pk !== 'ACCRED#L3').map((k) => ({ ...k, n: k.pk })) },
    }));
    const reads = new BatchGetCoalescer(table, { consistentRead: true });
    // Act
    const [a, b, c] = await Promise.all([reads.get([key(1), key(2)]), reads.get([key(2)]), reads.get([key(3)])]);
    // Assess
    const sent = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.certverify);
    expect(sent).toStrictEqual([{ Keys: [key(1), key(2), key(3)], ConsistentRead: true }]);
    expect(a.map((i) => i.n)).toStrictEqual(['ACCRED#L1', 'ACCRED#L2']);
    expect(b.map((i) => i.n)).toStrictEqual(['ACCRED#L2']);
    expect(c).toStrictEqual([]);
  });

  it('sends a read asked while the last one is in flight after it, in the next request', async () => {
    // Prepare
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (release = resolve));
    ddb.on(BatchGetCommand).callsFakeOnce(async () => {
      await first;
      return { Responses: { certverify: [] } };
    }).resolves({ Responses: { certverify: [{ ...key(2), n: 2 }] } });
    const reads = new BatchGetCoalescer(table, { consistentRead: true, maxInFlight: 1 });
    // Act
    const one = reads.get([key(1)]);
    await new Promise((resolve) => setImmediate(resolve));
    const two = reads.get([key(2)]);
    await new Promise((resolve) => setImmediate(resolve));
    const sentWhileInFlight = ddb.commandCalls(BatchGetCommand).length;
    release();
    // Assess
    expect(await one).toStrictEqual([]);
    expect(await two).toStrictEqual([{ ...key(2), n: 2 }]);
    expect(sentWhileInFlight).toBe(1);
    expect(ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.certverify?.Keys)).toStrictEqual([[key(1)], [key(2)]]);
  });

  it('authenticates concurrent requests that carry one API key with one strongly consistent read, and a deleted key at once', async () => {
    // Prepare
    const apiKey = `cvk_abcdefghijkl_${'x'.repeat(43)}`;
    const stored = { pk: 'APIKEY#abcdefghijkl', sk: 'KEY', keyId: 'abcdefghijkl', role: 'platform', platformId: 'shop', keyHash: hashApiKey(apiKey), createdAt: '2026-01-01T00:00:00.000Z' };
    ddb.on(BatchGetCommand).resolvesOnce({ Responses: { certverify: [stored] } }).resolves({ Responses: { certverify: [] } });
    const keys = new ApiKeyRepository(table);
    // Act
    const principals = await Promise.all([keys.authenticate(apiKey), keys.authenticate(apiKey), keys.authenticate(apiKey)]);
    const afterDelete = await keys.authenticate(apiKey);
    // Assess
    expect(principals).toStrictEqual(Array(3).fill({ role: 'platform', keyId: 'abcdefghijkl', platformId: 'shop' }));
    expect(afterDelete).toBeUndefined();
    const sent = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.certverify);
    expect(sent).toStrictEqual([
      { Keys: [{ pk: 'APIKEY#abcdefghijkl', sk: 'KEY' }], ConsistentRead: true },
      { Keys: [{ pk: 'APIKEY#abcdefghijkl', sk: 'KEY' }], ConsistentRead: true },
    ]);
  });
});

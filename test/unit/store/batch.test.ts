import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { batchGetAll, batchWriteAll, type UnprocessedRetry } from '#shared/store/batch.ts';
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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DetectDocumentTextCommand, TextractClient, type Block } from '@aws-sdk/client-textract';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { sha256Hex } from '#shared/intake/hash.ts';
import { extractDocument } from '#shared/text/read-document.ts';
import {
  decodeTextResult,
  DynamoTextResultCache,
  encodeTextResult,
  InMemoryTextResultCache,
  textractResultKey,
} from '#shared/store/textract-result-cache.ts';
import { textractBlocksToTextResult } from '#shared/text/textract.ts';
import type { TextResult } from '#shared/text/types.ts';
import { makeQrPng } from '../../fixtures/intake/generate.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { startDynalite, type Engine } from '../../support/dynamo-engines.ts';
import { freshRepositories } from '../../support/store.ts';

const blocks = (JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/textract/test-response.json'), 'utf8')) as { Blocks: Block[] })
  .Blocks;
const result = textractBlocksToTextResult(blocks);
const sha = 'ab'.repeat(32);

/** A real engine: the cache's writes and reads are checked against DynamoDB semantics, never a mock fed its own Put. */
let engine: Engine;
let repos: Repositories & { destroy: () => void };
beforeAll(async () => {
  engine = await startDynalite();
  repos = await freshRepositories(engine.endpoint);
});
afterAll(async () => {
  repos.destroy();
  await engine.stop();
});

describe('store: textract result cache (in memory)', () => {
  it('returns what was put, as a copy', async () => {
    // Prepare
    const cache = new InMemoryTextResultCache();
    await cache.put(sha, 'textract', result);
    // Act
    const hit = await cache.get(sha);
    // Assess
    expect(hit).toStrictEqual(result);
    expect(hit).not.toBe(result);
    expect(await cache.get('cd'.repeat(32))).toBeUndefined();
  });
});

describe('store: textract result cache (DynamoDB)', () => {
  it('writes pk TEXTRACT#<sha256>, sk RESULT on a real engine, and reads it back', async () => {
    // Prepare
    const cache = new DynamoTextResultCache(repos.table.doc, repos.table.name, () => new Date('2025-03-14T00:00:00Z'));
    // Act
    await cache.put(sha.toUpperCase(), 'textract', result);
    // Assess
    const { Item } = await repos.table.doc.send(new GetCommand({ TableName: repos.table.name, Key: textractResultKey(sha) }));
    expect(Item).toMatchObject({ pk: `TEXTRACT#${sha}`, sk: 'RESULT', entity: 'TextractResult', engine: 'textract', sha256: sha, pages: 1, encoding: 'json', createdAt: '2025-03-14T00:00:00.000Z' });
    expect(await cache.get(sha)).toStrictEqual(result);
    expect(await cache.get('cd'.repeat(32))).toBeUndefined();
  });

  it('maps a DynamoDB failure to DependencyUnavailableError', async () => {
    // Prepare
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(GetCommand).rejects(new Error('boom'));
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    try {
      // Act
      const outcome = new DynamoTextResultCache(documents, 't').get(sha);
      // Assess
      await expect(outcome).rejects.toThrow(DependencyUnavailableError);
    } finally {
      ddb.restore();
    }
  });

  it('gzips large results so that the item stays under 400 KB', () => {
    // Prepare
    const big: TextResult = {
      engine: 'textract',
      pages: Array.from({ length: 20 }, (_, i) => ({
        pageNumber: i + 1,
        lines: Array.from({ length: 200 }, (_, j) => ({ text: `Line ${j} of page ${i} with some text`, confidence: 0.9, box: { left: 0.1, top: 0.2, width: 0.3, height: 0.01 } })),
      })),
      keyValues: [],
    };
    // Act
    const encoded = encodeTextResult(big);
    // Assess
    expect(encoded?.encoding).toBe('gzip-base64');
    expect(encoded?.payload.length).toBeLessThan(350_000);
    expect(decodeTextResult(encoded?.encoding, encoded?.payload)).toStrictEqual(big);
  });
});

describe('service: the same bytes never go to Textract twice', () => {
  it('serves the second extraction of a document from the cache', async () => {
    // Prepare
    const textract = mockClient(TextractClient);
    textract.on(DetectDocumentTextCommand).resolves({ Blocks: structuredClone(blocks), DocumentMetadata: { Pages: 1 } });
    const client = new TextractClient({ region: 'us-east-1' });
    const cache = new DynamoTextResultCache(repos.table.doc, repos.table.name);
    const image = await makeQrPng('https://verify.example.com/r/HC2025-1');
    const options = { engine: 'textract' as const, textract: { client, cache }, parse: () => ({}) };
    // Act
    const first = await extractDocument(image, options);
    const second = await extractDocument(image, options);
    // Assess
    expect(textract.commandCalls(DetectDocumentTextCommand)).toHaveLength(1);
    expect(second.text).toStrictEqual(first.text);
    expect(await cache.get(sha256Hex(image))).toStrictEqual(first.text);
    textract.restore();
  });
});

import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { TextEngine, TextResult } from '#shared/text/types.ts';
import { Entity, Keys } from './access-patterns.ts';

/**
 * "Never send the same document bytes (same sha256) to Textract twice; reuse the
 * stored result." Access pattern 18: pk = TEXTRACT#<sha256>, sk = RESULT.
 */
export interface TextResultCache {
  get(sha256: string): Promise<TextResult | undefined>;
  put(sha256: string, engine: TextEngine, result: TextResult): Promise<void>;
}

export const textractResultKey = Keys.textractResult;

/** DynamoDB items are capped at 400 KB; the JSON goes in as is below this, gzip+base64 above. */
export const INLINE_LIMIT_BYTES = 100_000;
/** A result that does not fit even compressed is not cached (and Textract is paid again next time). */
export const MAX_ITEM_PAYLOAD_BYTES = 350_000;

export const encodeTextResult = (result: TextResult): { encoding: 'json' | 'gzip-base64'; payload: string } | undefined => {
  const json = JSON.stringify(result);
  if (Buffer.byteLength(json) <= INLINE_LIMIT_BYTES) return { encoding: 'json', payload: json };
  const packed = gzipSync(json, { level: 9 }).toString('base64');
  return packed.length <= MAX_ITEM_PAYLOAD_BYTES ? { encoding: 'gzip-base64', payload: packed } : undefined;
};

export const decodeTextResult = (encoding: unknown, payload: unknown): TextResult | undefined => {
  if (typeof payload !== 'string') return undefined;
  const json = encoding === 'gzip-base64' ? gunzipSync(Buffer.from(payload, 'base64')).toString('utf8') : payload;
  const parsed = JSON.parse(json) as TextResult;
  return Array.isArray(parsed.pages) ? parsed : undefined;
};

export class DynamoTextResultCache implements TextResultCache {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(sha256: string): Promise<TextResult | undefined> {
    try {
      const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: textractResultKey(sha256) }));
      return Item ? decodeTextResult(Item.encoding, Item.payload) : undefined;
    } catch (error) {
      throw new DependencyUnavailableError('dynamodb', 'Reading the Textract result cache failed', { cause: error });
    }
  }

  async put(sha256: string, engine: TextEngine, result: TextResult): Promise<void> {
    const encoded = encodeTextResult(result);
    if (!encoded) return;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...textractResultKey(sha256),
            entity: Entity.TextractResult,
            sha256: sha256.toLowerCase(),
            engine,
            pages: result.pages.length,
            ...encoded,
            createdAt: this.now().toISOString(),
          },
        }),
      );
    } catch (error) {
      throw new DependencyUnavailableError('dynamodb', 'Writing the Textract result cache failed', { cause: error });
    }
  }
}

/** For tests and the CLI: same contract, kept in the process. Results are cloned in and out. */
export class InMemoryTextResultCache implements TextResultCache {
  readonly items = new Map<string, { engine: TextEngine; result: TextResult }>();

  get(sha256: string): Promise<TextResult | undefined> {
    const hit = this.items.get(sha256.toLowerCase());
    return Promise.resolve(hit ? structuredClone(hit.result) : undefined);
  }

  put(sha256: string, engine: TextEngine, result: TextResult): Promise<void> {
    this.items.set(sha256.toLowerCase(), { engine, result: structuredClone(result) });
    return Promise.resolve();
  }
}

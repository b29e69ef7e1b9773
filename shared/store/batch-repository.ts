import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchHeader, BatchResultLine } from '#shared/domain/verification-batch.ts';
import type { Verdict } from '#shared/domain/verification.ts';
import { Entity, Keys } from './access-patterns.ts';
import { dynamo, isConditionFailed, stripKeys, type Table } from './table.ts';

/** What one finished chunk of a batch stores: its lines and their tally. */
export interface BatchChunkResult {
  first: number;
  count: number;
  verdicts: Partial<Record<Verdict, number>>;
  errors: number;
  lines: BatchResultLine[];
}

export type BatchTally = Pick<BatchChunkResult, 'count' | 'verdicts' | 'errors'>;

/**
 * Verification batches in the table: a header per batch, and one result item
 * per chunk (written once, by the worker that ran the chunk). Progress is the
 * sum over the chunk items, so there is no counter that every worker
 * updates: no hot key, however many workers run.
 */
export class BatchRepository {
  constructor(private readonly table: Table) {}

  /** The header; a second submission under the same id (a retried start) is a no-op. */
  async putHeader(header: BatchHeader): Promise<void> {
    try {
      await dynamo('PutItem', () =>
        this.table.doc.send(
          new PutCommand({
            TableName: this.table.name,
            Item: { ...Keys.verificationBatch(header.batchId), entity: Entity.VerificationBatch, ...header },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
  }

  async getHeader(batchId: string): Promise<BatchHeader | undefined> {
    const { Item } = await dynamo('GetItem', () =>
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: Keys.verificationBatch(batchId), ConsistentRead: true })),
    );
    return Item ? stripKeys<BatchHeader>(Item) : undefined;
  }

  /** A finished chunk. A rerun of the same chunk (a retry) writes the same lines again. */
  async putChunk(batchId: string, chunk: BatchChunkResult): Promise<void> {
    await dynamo('PutItem', () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...Keys.verificationBatchChunk(batchId, chunk.first), entity: Entity.VerificationBatchChunk, ...chunk },
        }),
      ),
    );
  }

  /** The tallies of the finished chunks (the lines are not read). */
  async tallies(batchId: string): Promise<BatchTally[]> {
    return this.queryChunks(batchId, '#count, verdicts, errors') as Promise<BatchTally[]>;
  }

  /** The finished chunks with their lines, in index order. */
  async chunks(batchId: string): Promise<BatchChunkResult[]> {
    return this.queryChunks(batchId) as Promise<BatchChunkResult[]>;
  }

  private async queryChunks(batchId: string, projection?: string): Promise<unknown[]> {
    const out: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo('Query', () =>
        this.table.doc.send(
          new QueryCommand({
            TableName: this.table.name,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
            ExpressionAttributeValues: { ':pk': Keys.verificationBatch(batchId).pk, ':chunk': 'CHUNK#' },
            ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: { '#count': 'count' } } : {}),
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      out.push(...(page.Items ?? []).map((i) => stripKeys(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

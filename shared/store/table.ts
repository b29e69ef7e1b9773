import { paginateQuery, PutCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError, DomainError, InvalidCursorError, StoreRejectedInputError } from '#shared/domain/errors.ts';
import type { CursorCodec } from './cursor.ts';

/** The table as the repositories see it: an injected document client, the table name and the cursor codec. */
export interface Table {
  readonly doc: DynamoDBDocumentClient;
  readonly name: string;
  readonly cursors: CursorCodec;
}

const isAwsError = (e: unknown): e is Error & { name: string; $metadata?: { httpStatusCode?: number } } =>
  e instanceof Error;

export const isConditionFailed = (e: unknown): boolean =>
  isAwsError(e) && e.name === 'ConditionalCheckFailedException';

/**
 * Runs one DynamoDB call. Domain errors pass through; a failed condition is
 * left for the repository to translate; a ValidationException is DynamoDB
 * refusing what the client sent (a start key from a cursor, a value too
 * long for a key): 400, never an outage. Everything else (throttling past
 * the SDK's retries, a network error, a 5xx) is a dependency outage, which
 * the API renders as 503 and never as a verdict.
 */
export const dynamo = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (e) {
    if (e instanceof DomainError || isConditionFailed(e)) throw e;
    if (isAwsError(e) && e.name === 'ValidationException') {
      if (/start(ing)?\s*key/iu.test(e.message)) {
        throw new InvalidCursorError('The cursor is not one this API issued for this query.', { cause: e });
      }
      throw new StoreRejectedInputError(`The request was refused by the store: ${e.message.slice(0, 200)}`, { cause: e });
    }
    const name = isAwsError(e) ? e.name : 'UnknownError';
    throw new DependencyUnavailableError('dynamodb', `DynamoDB ${operation} failed: ${name}`, { cause: e });
  }
};

/** Strips key and bookkeeping attributes from an item before it leaves the store. */
export const stripKeys = <T>(item: Record<string, unknown>): T => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'pk' || k === 'sk' || k === 'entity' || k === 'reviewState' || /^gsi\d+(pk|sk)$/.test(k)) continue;
    out[k] = v;
  }
  return out as T;
};

/** Every item of a Query, over all its pages (lib-dynamodb's paginateQuery); a failure is a dependency outage. */
export const queryAll = (table: Table, query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> =>
  dynamo('Query', async () => {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: table.doc }, { ...query, TableName: table.name })) items.push(...(page.Items ?? []));
    return items;
  });

/** Writes an item that must not exist yet (one conditional PutItem); a taken key is a failed condition for the repository to translate. */
export const putNew = (table: Table, item: Record<string, unknown>): Promise<unknown> =>
  dynamo('PutItem', () => table.doc.send(new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));

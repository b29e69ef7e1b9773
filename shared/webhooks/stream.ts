import { DynamoDBMarshalled } from '@aws-lambda-powertools/parser/helpers/dynamodb';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { DynamoDBStreamChangeRecordBase, DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { z } from 'zod';

/**
 * The two event shapes the webhook functions consume, as Powertools parser
 * schemas, whatever their source: DynamoDB Streams records (on AWS the
 * table's stream; locally the change feed of local/webhooks.ts) and SQS
 * records of the delivery queue (locally the in-process queue).
 */

/** A table item in a stream image: only what tells the item types apart; the fan-out parses each type further. */
export const StreamImage = z.looseObject({ pk: z.string(), sk: z.string(), entity: z.string().optional() });
export type StreamImage = z.infer<typeof StreamImage>;

export const ChangeRecord = DynamoDBStreamRecord.extend({
  dynamodb: DynamoDBStreamChangeRecordBase.extend({
    NewImage: DynamoDBMarshalled(StreamImage).optional(),
    OldImage: DynamoDBMarshalled(StreamImage).optional(),
  }),
});
export type ChangeRecord = z.infer<typeof ChangeRecord>;

/** One delivery attempt to make: the delivery item's key, the attempt number and, for a hop of a long delay, when it is due. */
export const DeliveryJob = z.object({
  webhookId: z.string(),
  deliveryId: z.string(),
  createdAt: z.string(),
  attempt: z.number().int().min(1),
  notBefore: z.number().int().optional().describe('epoch ms; earlier receipts wait again in the queue'),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

export const DeliveryRecord = SqsRecordSchema.extend({ body: JSONStringified(DeliveryJob) });
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/**
 * Lambda event-filter patterns for the table's stream: only the item types
 * the fan-out acts on reach it. The CDK event source mapping uses them as
 * is; the local change feed applies the same patterns (matchesFilter).
 */
export const StreamFilterPatterns = [
  // a verification stored with its verdict (a direct one, or an upload's placeholder replaced)
  { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['Verification'] }, verdict: { S: [{ exists: true }] } } } },
  { eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: ['Verification'] }, verdict: { S: [{ exists: true }] } }, OldImage: { status: { S: ['PENDING'] } } } },
  // a report's status or history changed
  { eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: ['Report'] } } } },
  // a new HIGH fraud pattern
  { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['FraudPattern'] }, severity: { S: ['HIGH'] } } } },
] as const;

/** One Lambda event-filter pattern, in the subset of the syntax matchesFilter reads. */
export type FilterPattern = { readonly [key: string]: FilterPattern | readonly (string | { readonly exists: boolean })[] };
type Pattern = FilterPattern;

const matchesPattern = (value: unknown, pattern: Pattern): boolean =>
  Object.entries(pattern).every(([key, rule]) => {
    const v = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(rule)) {
      return rule.some((r: string | { exists: boolean }) => (typeof r === 'string' ? v === r : r.exists === (v !== undefined)));
    }
    return v !== undefined && matchesPattern(v, rule as Pattern);
  });

/** Lambda event filtering, for the subset of the syntax the patterns above use (exact strings and `exists`). */
export const matchesFilter = (rawRecord: unknown, patterns: readonly Pattern[] = StreamFilterPatterns as unknown as Pattern[]): boolean =>
  patterns.some((p) => matchesPattern(rawRecord, p));

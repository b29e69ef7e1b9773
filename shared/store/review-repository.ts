import { paginateQuery, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { finalVerdictOf, type Review, type ReviewQueueItem, type ReviewQueueQuery, type ReviewState } from '#shared/domain/review.ts';
import type { Verification } from '#shared/domain/verification.ts';
import { Entity, Keys } from './access-patterns.ts';
import { dynamo, isConditionFailed, stripKeys, type Table } from './table.ts';

/** Who a queue line is listed for: everyone who sees all, or one platform. */
export type QueueScope = { kind: 'all' } | { kind: 'platform'; platformId: string };

export const scopeOf = (s: QueueScope): string => (s.kind === 'all' ? 'ALL' : `P#${s.platformId}`);

/** The codes a reviewer is shown first: every check that did not pass. */
export const reasonsOf = (v: Pick<Verification, 'checks'>): string[] =>
  [...new Set(v.checks.filter((c) => c.status === 'FAIL' || c.status === 'WARN' || c.status === 'ERROR').map((c) => c.code))];

/** The queue scopes a verification is listed in. Only non-AUTHENTIC verdicts are queued. */
export const queueScopesOf = (v: Pick<Verification, 'verdict' | 'submittedBy'>): QueueScope[] =>
  v.verdict === 'AUTHENTIC'
    ? []
    : [{ kind: 'all' }, ...(v.submittedBy?.platformId ? [{ kind: 'platform', platformId: v.submittedBy.platformId } as const] : [])];

export const queueLine = (v: Verification, state: ReviewState = 'OPEN'): ReviewQueueItem => ({
  verificationId: v.verificationId,
  verdict: v.verdict,
  riskScore: v.riskScore,
  ...(v.reportNumber ? { reportNumber: v.reportNumber } : {}),
  ...(v.issuerId ? { issuerId: v.issuerId } : {}),
  ...(v.sellerId ? { sellerId: v.sellerId } : {}),
  createdAt: v.createdAt,
  state,
  reasons: reasonsOf(v),
  ...(v.finalVerdict ? { finalVerdict: v.finalVerdict } : {}),
  ...(v.review ? { decidedAt: v.review.createdAt } : {}),
});

/**
 * The queue attributes of the verification item itself: it is its own line
 * in the queue of everyone who sees all (gsi1), written in the same PutItem,
 * so no stored non-AUTHENTIC verdict is ever missing from that queue.
 */
export const ownQueueAttributes = (v: Verification): Record<string, string> =>
  v.verdict === 'AUTHENTIC' ? {} : { ...Keys.reviewQueueListing('ALL', 'OPEN', v.riskScore, v.createdAt, v.verificationId), reviewState: 'OPEN' };

/** The platform's own queue line: a small item in the verification's partition, written right after it (or by the backfill, in the state its reviews left it). */
export const platformQueueItem = (v: Verification, state: ReviewState = 'OPEN'): Record<string, unknown> | undefined => {
  const scope = queueScopesOf(v).find((s) => s.kind === 'platform');
  if (!scope) return undefined;
  return {
    ...Keys.reviewQueueLine(v.verificationId, scopeOf(scope)),
    ...Keys.reviewQueueListing(scopeOf(scope), state, v.riskScore, v.createdAt, v.verificationId),
    entity: Entity.ReviewQueueLine,
    ...queueLine(v, state),
  };
};

/**
 * Reviews and the review queue. A review is an append-only item in the
 * verification's own partition; the queue lines live there too and are listed
 * through gsi1 (REVIEWQ#<scope>#<state>, sorted by inverted risk then time),
 * so the queue is one Query per page, never a Scan.
 */
export class ReviewRepository {
  constructor(private readonly table: Table) {}

  /**
   * Appends a review and makes it the latest. The local engine (dynalite) has
   * no transactions, so this is three conditional writes in an order that is
   * safe to repeat: the review item (the audit trail, append-only); then the
   * verification item (finalVerdict, review, its own queue line's state), on
   * condition that no later review is already there; then the platform's
   * queue line. A failure after the first write leaves the review in the trail
   * and is reported as 503; deciding again converges.
   */
  async append(verification: Verification, review: Review): Promise<void> {
    const final = finalVerdictOf(review.decision);
    const state: ReviewState = final ? 'DECIDED' : 'OPEN';
    const summary = {
      reviewId: review.reviewId,
      decision: review.decision,
      reasonCode: review.reasonCode,
      ...(review.note ? { note: review.note } : {}),
      reviewer: review.reviewer,
      createdAt: review.createdAt,
    };
    await dynamo('PutItem', () =>
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...Keys.review(verification.verificationId, review.createdAt, review.reviewId), entity: Entity.Review, ...review },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    const queued = verification.verdict !== 'AUTHENTIC';
    const listing = (scope: string) => Keys.reviewQueueListing(scope, state, verification.riskScore, verification.createdAt, verification.verificationId);
    const sets = [
      'review = :review',
      ...(final ? ['finalVerdict = :final'] : []),
      ...(queued ? ['gsi1pk = :pk', 'gsi1sk = :sk', 'reviewState = :state'] : []),
    ];
    try {
      await dynamo('UpdateItem', () =>
        this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: Keys.verification(verification.verificationId),
            UpdateExpression: `SET ${sets.join(', ')}${final ? '' : ' REMOVE finalVerdict'}`,
            ConditionExpression: 'attribute_exists(verdict) AND (attribute_not_exists(review) OR review.createdAt <= :at)',
            ExpressionAttributeValues: {
              ':review': summary,
              ':at': review.createdAt,
              ...(final ? { ':final': final } : {}),
              ...(queued ? { ':pk': listing('ALL').gsi1pk, ':sk': listing('ALL').gsi1sk, ':state': state } : {}),
            },
          }),
        ),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      // A later review already decided: this one stays in the trail only.
      return;
    }
    const platform = queueScopesOf(verification).find((s) => s.kind === 'platform');
    if (!platform) return;
    const scope = scopeOf(platform);
    await dynamo('UpdateItem', () =>
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: Keys.reviewQueueLine(verification.verificationId, scope),
          UpdateExpression: final
            ? 'SET gsi1pk = :pk, gsi1sk = :sk, #state = :state, finalVerdict = :final, decidedAt = :at'
            : 'SET gsi1pk = :pk, gsi1sk = :sk, #state = :state, decidedAt = :at REMOVE finalVerdict',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pk': listing(scope).gsi1pk, ':sk': listing(scope).gsi1sk, ':state': state, ':at': review.createdAt, ...(final ? { ':final': final } : {}) },
        }),
      ),
    ).catch((e: unknown) => {
      if (!isConditionFailed(e)) throw e;
    });
  }

  /** The audit trail, oldest first: every page of one Query on the verification's partition. */
  async list(verificationId: string): Promise<Review[]> {
    return dynamo('Query', async () => {
      const out: Review[] = [];
      const pages = paginateQuery(
        { client: this.table.doc },
        {
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :review)',
          ExpressionAttributeValues: { ':pk': Keys.verification(verificationId).pk, ':review': 'REVIEW#' },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) out.push(...(page.Items ?? []).map((i) => stripKeys<Review>(i)));
      return out;
    });
  }

  /** One page of the queue: highest risk first, then oldest first. */
  async queue(scope: QueueScope, query: ReviewQueueQuery): Promise<{ items: ReviewQueueItem[]; nextCursor?: string }> {
    const pk = Keys.reviewQueuePartition(scopeOf(scope), query.state);
    const cursorScope = `reviews:${pk}`;
    const start = this.table.cursors.decode(cursorScope, query.cursor);
    const page = await dynamo('Query', () =>
      this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: true,
          Limit: query.limit,
          ExclusiveStartKey: start,
        }),
      ),
    );
    // Lines of the ALL queue are the verification items themselves; platform lines are small items.
    const items = (page.Items ?? []).map((i) =>
      i.entity === Entity.Verification ? queueLine(stripKeys<Verification>(i), i.reviewState === 'DECIDED' ? 'DECIDED' : 'OPEN') : stripKeys<ReviewQueueItem>(i),
    );
    const nextCursor = page.LastEvaluatedKey ? this.table.cursors.encode(cursorScope, page.LastEvaluatedKey) : undefined;
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }
}

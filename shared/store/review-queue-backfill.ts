import { paginateScan, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { finalVerdictOf, type ReviewState } from '#shared/domain/review.ts';
import type { Verification } from '#shared/domain/verification.ts';
import { Keys } from './access-patterns.ts';
import { platformQueueItem, queueScopesOf, scopeOf } from './review-repository.ts';
import { dynamo, isConditionFailed, stripKeys, type Table } from './table.ts';

/**
 * Gives the verifications stored before the review queue existed their queue
 * lines (README, "Review API"): for every finished non-AUTHENTIC verification,
 * the gsi1 listing on its own item (REVIEWQ#ALL#<state>) and, when a platform
 * submitted it, that platform's line item (QUEUE#P#<platform>). The state
 * follows the latest review, if any (GENUINE or FRAUDULENT: DECIDED).
 *
 * One Scan of the table (it runs once per deployment, not per request), in
 * parallel segments; every write is conditional on the line still missing, so
 * running it again, or while verifications are being stored, writes nothing
 * twice and never overwrites a line the API wrote.
 */
export interface BackfillReport {
  /** Verification items looked at (finished or not). */
  scanned: number;
  /** Finished non-AUTHENTIC verifications: the ones that belong in the queue. */
  queued: number;
  /** Own listings written (REVIEWQ#ALL#…). */
  listed: number;
  /** Platform line items written (QUEUE#P#…). */
  platformLines: number;
}

export interface BackfillOptions {
  /** Count what would be written, write nothing. */
  dryRun?: boolean;
  /** Parallel Scan segments (default 4). */
  segments?: number;
  /** Called after each Scan page, with the running totals. */
  onProgress?: (report: BackfillReport) => void;
}

const stateOf = (v: Verification): ReviewState => (v.review && finalVerdictOf(v.review.decision) ? 'DECIDED' : 'OPEN');

export const backfillReviewQueue = async (table: Table, options: BackfillOptions = {}): Promise<BackfillReport> => {
  const report: BackfillReport = { scanned: 0, queued: 0, listed: 0, platformLines: 0 };
  const segments = options.segments ?? 4;

  const listOwn = async (v: Verification, state: ReviewState) => {
    const listing = Keys.reviewQueueListing('ALL', state, v.riskScore, v.createdAt, v.verificationId);
    if (options.dryRun) return true;
    try {
      await dynamo('UpdateItem', () =>
        table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: Keys.verification(v.verificationId),
            UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk, reviewState = :state',
            // Still a finished verification with no queue listing: never over a listing the API wrote meanwhile.
            ConditionExpression: 'attribute_exists(verdict) AND (attribute_not_exists(gsi1pk) OR NOT begins_with(gsi1pk, :queue))',
            ExpressionAttributeValues: { ':pk': listing.gsi1pk, ':sk': listing.gsi1sk, ':state': state, ':queue': 'REVIEWQ#' },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  };

  const addPlatformLine = async (v: Verification, state: ReviewState) => {
    const item = platformQueueItem(v, state);
    if (!item) return false;
    if (options.dryRun) return true;
    try {
      await dynamo('PutItem', () => table.doc.send(new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  };

  const scanSegment = async (segment: number) => {
    const pages = paginateScan(
      { client: table.doc, pageSize: 500 },
      {
        TableName: table.name,
        Segment: segment,
        TotalSegments: segments,
        // Verification items (pk VERIFICATION#…, sk RESULT) and the platform lines beside them.
        FilterExpression: 'begins_with(pk, :v) AND (sk = :result OR begins_with(sk, :line))',
        ExpressionAttributeValues: { ':v': 'VERIFICATION#', ':result': Keys.verification('x').sk, ':line': 'QUEUE#P#' },
      },
    );
    // Lines already there, so a second run writes nothing. Within a partition QUEUE#P#… sorts before RESULT, so a
    // line is normally seen before its verification; when not, the conditional Put finds it.
    const lines = new Set<string>();
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (String(item.sk).startsWith('QUEUE#P#')) {
          lines.add(`${String(item.pk)}|${String(item.sk)}`);
          continue;
        }
        report.scanned++;
        if (item.status !== undefined || typeof item.verdict !== 'string') continue; // a PENDING or REJECTED upload
        const v = stripKeys<Verification>(item);
        const scopes = queueScopesOf(v);
        if (scopes.length === 0) continue;
        report.queued++;
        const state = stateOf(v);
        if (!String(item.gsi1pk ?? '').startsWith('REVIEWQ#') && (await listOwn(v, state))) report.listed++;
        const platform = scopes.find((s) => s.kind === 'platform');
        if (platform && !lines.delete(`${String(item.pk)}|${Keys.reviewQueueLine(v.verificationId, scopeOf(platform)).sk}`)) {
          if (await addPlatformLine(v, state)) report.platformLines++;
        }
      }
      options.onProgress?.(report);
    }
  };

  await Promise.all(Array.from({ length: segments }, (_, i) => scanSegment(i)));
  return report;
};

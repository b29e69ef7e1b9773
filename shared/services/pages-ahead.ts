import { DynamoDBMarshalled } from '@aws-lambda-powertools/parser/helpers/dynamodb';
import { DynamoDBStreamChangeRecordBase, DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { z } from 'zod';
import { DependencyUnavailableError, DomainError } from '#shared/domain/errors.ts';
import { DocumentInfo, Verdict } from '#shared/domain/verification.ts';
import type { FilterPattern } from '#shared/webhooks/stream.ts';
import type { DocumentDeps } from './documents.ts';
import { renderPagesAhead } from './page-image.ts';

/**
 * Pages rendered ahead of a reviewer, whichever path stored the verdict: a
 * synchronous POST /verifications, an upload (a batch's files are uploads)
 * or a Textract completion. The table's stream, filtered to verifications
 * bound for the review queue with a PDF kept, feeds
 * functions/render-pages-ahead; locally the change feed applies the same
 * patterns (local/webhooks.ts). The API answers first; the reviewer's first
 * view of a page is then a kept image (GET /verifications/{id}/pages/{page}).
 */

/** The verdicts that put a verification in the review queue: every one but AUTHENTIC. */
const REVIEW_VERDICTS = Verdict.options.filter((v) => v !== 'AUTHENTIC');

const boundForReview = { entity: { S: ['Verification'] }, verdict: { S: REVIEW_VERDICTS }, document: { M: { contentType: { S: ['application/pdf'] } } } };

/** Lambda event-filter patterns (the CDK event source mapping uses them as is; the local change feed too). */
export const PagesAheadFilterPatterns: readonly FilterPattern[] = [
  // stored with its verdict at once (POST /verifications)
  { eventName: ['INSERT'], dynamodb: { NewImage: boundForReview } },
  // an upload's PENDING placeholder replaced by its verdict
  { eventName: ['MODIFY'], dynamodb: { NewImage: boundForReview, OldImage: { status: { S: ['PENDING'] } } } },
];

/** What rendering needs of the stored verification: its id and its document's description. */
export const PagesAheadRecord = DynamoDBStreamRecord.extend({
  dynamodb: DynamoDBStreamChangeRecordBase.extend({
    NewImage: DynamoDBMarshalled(z.looseObject({ verificationId: z.string(), verdict: Verdict, document: DocumentInfo })),
  }),
});
export type PagesAheadRecord = z.infer<typeof PagesAheadRecord>;

export type PagesAheadOutcome = { rendered: number[] } | { skipped: string };

/**
 * Renders the first pages of one verification's stored document. A document
 * gone (expired by its lifecycle) or one pdf.js cannot render is skipped with
 * the reason: the reviewer's page view renders on demand and says why. An
 * outage of the store is thrown, so the stream retries the record.
 */
export const renderAheadOf = async (deps: Pick<DocumentDeps, 'documents'>, record: PagesAheadRecord): Promise<PagesAheadOutcome> => {
  const { verificationId, document } = record.dynamodb.NewImage;
  let missing = false;
  try {
    const rendered = await renderPagesAhead(deps, async () => {
      const stored = await deps.documents.get(verificationId);
      missing = !stored;
      return stored?.bytes;
    }, document);
    return missing ? { skipped: 'DOCUMENT_NOT_STORED' } : { rendered };
  } catch (e) {
    if (e instanceof DomainError && !(e instanceof DependencyUnavailableError)) return { skipped: e.code };
    throw e;
  }
};

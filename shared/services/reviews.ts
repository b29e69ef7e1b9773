import { randomBytes } from 'node:crypto';
import type { Principal } from '#shared/domain/api-key.ts';
import { FraudPatternExistsError, ForbiddenError, ValidationFailedError, VerificationNotFoundError } from '#shared/domain/errors.ts';
import type { Review, ReviewInput, ReviewPatternKind, ReviewQueueQuery } from '#shared/domain/review.ts';
import type { Verification } from '#shared/domain/verification.ts';
import type { QueueScope } from '#shared/store/review-repository.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { createFraudPattern } from './registry.ts';
import { getVerification } from './verifications.ts';

export interface ReviewDeps {
  repos: Repositories;
  now?: () => Date;
}

/** Investigators and admins see every queued verification; a platform key its own platform's. */
const queueScope = (principal: Principal): QueueScope => {
  if (principal.role === 'admin' || principal.role === 'investigator') return { kind: 'all' };
  if (principal.role === 'platform' && principal.platformId) return { kind: 'platform', platformId: principal.platformId };
  throw new ForbiddenError('Only platform keys with a platform, investigators and admins see the review queue.');
};

export const reviewQueue = (repos: Repositories, principal: Principal, query: ReviewQueueQuery) =>
  repos.reviews.queue(queueScope(principal), query);

/** A finished verification the principal may read (404 for a pending upload: there is nothing to review yet). */
const reviewable = async (repos: Repositories, verificationId: string, principal: Principal): Promise<Verification> => {
  const v = await getVerification(repos, verificationId, principal);
  if (!('verdict' in v)) throw new VerificationNotFoundError(`Verification ${verificationId} is still ${v.status}.`);
  return v;
};

const patternValue = (v: Verification, kind: ReviewPatternKind): string | undefined =>
  kind === 'DOCUMENT_SHA256' ? v.document?.sha256 : kind === 'REPORT_NUMBER' ? v.reportNumber : v.sellerId;

/**
 * POST /verifications/{id}/reviews. Append-only: the review is a new item,
 * and it becomes the latest (finalVerdict, review on the verification, the
 * queue lines' state) in the same transaction. Asked-for fraud patterns are
 * created first, HIGH, with a note naming the review and `source`; one that
 * already exists is reported as EXISTS and not duplicated.
 */
export const addReview = async (deps: ReviewDeps, verificationId: string, input: ReviewInput, principal: Principal): Promise<Review> => {
  const { repos } = deps;
  const verification = await reviewable(repos, verificationId, principal);
  const kinds = [...new Set(input.addFraudPatterns ?? [])];
  const missing = kinds.filter((k) => patternValue(verification, k) === undefined);
  if (missing.length > 0) {
    throw new ValidationFailedError(
      'The verification has no value for a requested fraud pattern.',
      missing.map((k) => ({ path: 'body.addFraudPatterns', message: `no ${k} on ${verificationId}` })),
    );
  }
  const now = deps.now?.() ?? new Date();
  const reviewId = `rv_${now.getTime().toString(36)}${randomBytes(6).toString('hex')}`;
  const source = { reviewId, verificationId };
  const fraudPatterns: NonNullable<Review['fraudPatterns']> = [];
  for (const kind of kinds) {
    try {
      const pattern = await createFraudPattern(
        repos,
        { kind, value: patternValue(verification, kind) ?? '', match: 'EXACT', severity: 'HIGH', note: `Added by review ${reviewId} of ${verificationId} (${input.reasonCode})` },
        principal,
        { source },
      );
      fraudPatterns.push({ kind, id: pattern.id, state: 'CREATED' });
    } catch (e) {
      if (!(e instanceof FraudPatternExistsError)) throw e;
      fraudPatterns.push({ kind, state: 'EXISTS' });
    }
  }
  const review: Review = {
    reviewId,
    verificationId,
    decision: input.decision,
    reasonCode: input.reasonCode,
    ...(input.note ? { note: input.note } : {}),
    reviewer: { keyId: principal.keyId, role: principal.role },
    createdAt: now.toISOString(),
    ...(fraudPatterns.length > 0 ? { fraudPatterns } : {}),
  };
  await repos.reviews.append(verification, review);
  return review;
};

/** GET /verifications/{id}/reviews: the audit trail, oldest first. */
export const reviewsOf = async (repos: Repositories, verificationId: string, principal: Principal) => {
  await getVerification(repos, verificationId, principal);
  return { items: await repos.reviews.list(verificationId) };
};

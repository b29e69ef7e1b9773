import { ReviewInput } from '#shared/domain/review.ts';
import { VerificationIdPath } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { addReview } from '#shared/services/reviews.ts';

/** POST /verifications/{verificationId}/reviews: append a decision; the latest sets finalVerdict. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], path: VerificationIdPath, body: ReviewInput }).handle(async ({ path, body, principal }) => ({
    status: 201,
    body: await addReview(deps, path.verificationId, body, principal),
  }));

export const handler = lambdaHandler(createHandler);

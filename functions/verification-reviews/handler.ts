import { VerificationIdPath } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { reviewsOf } from '#shared/services/reviews.ts';

/** GET /verifications/{verificationId}/reviews: the audit trail. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], path: VerificationIdPath }).handle(async ({ path, principal }) => ({
    body: await reviewsOf(deps.repos, path.verificationId, principal),
  }));

export const handler = lambdaHandler(createHandler);

import { ReviewQueueQuery } from '#shared/domain/review.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { reviewQueue } from '#shared/services/reviews.ts';

/** GET /reviews: the review queue, highest risk first, then oldest first. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], query: ReviewQueueQuery }).handle(async ({ query, principal }) => ({
    body: await reviewQueue(deps.repos, principal, query),
  }));

export const handler = lambdaHandler(createHandler);

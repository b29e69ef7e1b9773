import { ReviewQueueQuery } from '#shared/domain/review.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { reviewQueue } from '#shared/services/reviews.ts';

/** GET /reviews: the review queue, highest risk first, then oldest first. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], query: ReviewQueueQuery }).handle(async ({ query, principal }) => ({
  body: await reviewQueue(repositories(), principal, query),
}));

import { VerificationIdPath } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { reviewsOf } from '#shared/services/reviews.ts';

/** GET /verifications/{verificationId}/reviews: the audit trail. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], path: VerificationIdPath }).handle(async ({ path, principal }) => ({
  body: await reviewsOf(repositories(), path.verificationId, principal),
}));

import { ReviewInput } from '#shared/domain/review.ts';
import { VerificationIdPath } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { addReview } from '#shared/services/reviews.ts';

/** POST /verifications/{verificationId}/reviews: append a decision; the latest sets finalVerdict. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], path: VerificationIdPath, body: ReviewInput }).handle(
  async ({ path, body, principal }) => ({ status: 201, body: await addReview({ repos: repositories() }, path.verificationId, body, principal) }),
);

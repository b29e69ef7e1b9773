import { VerificationListQuery } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { searchVerifications } from '#shared/services/verifications.ts';

export const handler = route({ access: ['investigator', 'admin'], query: VerificationListQuery }).handle(async ({ query }) => ({
  body: await searchVerifications(repositories(), query),
}));

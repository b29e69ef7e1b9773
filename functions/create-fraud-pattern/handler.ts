import { FraudPatternInput } from '#shared/domain/fraud-pattern.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { createFraudPattern } from '#shared/services/registry.ts';

export const handler = route({ access: ['investigator', 'admin'], body: FraudPatternInput }).handle(
  async ({ body, principal }) => ({ status: 201, body: await createFraudPattern(repositories(), body, principal) }),
);

import { FraudPatternListQuery } from '#shared/domain/fraud-pattern.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { listFraudPatterns } from '#shared/services/registry.ts';

export const handler = route({ access: ['investigator', 'admin'], query: FraudPatternListQuery }).handle(
  async ({ query }) => ({ body: { items: await listFraudPatterns(repositories(), query.kind) } }),
);

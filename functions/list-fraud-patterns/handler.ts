import { FraudPatternListQuery } from '#shared/domain/fraud-pattern.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { listFraudPatterns } from '#shared/services/registry.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['investigator', 'admin'], query: FraudPatternListQuery }).handle(async ({ query }) => ({
    body: { items: await listFraudPatterns(deps.repos, query.kind) },
  }));

export const handler = lambdaHandler(createHandler);

import { FraudPatternInput } from '#shared/domain/fraud-pattern.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { createFraudPattern } from '#shared/services/registry.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['investigator', 'admin'], body: FraudPatternInput }).handle(async ({ body, principal }) => ({
    status: 201,
    body: await createFraudPattern(deps.repos, body, principal),
  }));

export const handler = lambdaHandler(createHandler);

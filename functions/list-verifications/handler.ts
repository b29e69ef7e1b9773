import { VerificationListQuery } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { searchVerifications } from '#shared/services/verifications.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['investigator', 'admin'], query: VerificationListQuery }).handle(async ({ query }) => ({
    body: await searchVerifications(deps.repos, query),
  }));

export const handler = lambdaHandler(createHandler);

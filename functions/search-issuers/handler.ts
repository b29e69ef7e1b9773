import { IssuerSearchQuery } from '#shared/domain/issuer.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['admin', 'platform', 'investigator', 'issuer'], query: IssuerSearchQuery }).handle(async ({ query }) => ({
    body: await deps.repos.issuers.search(query),
  }));

export const handler = lambdaHandler(createHandler);

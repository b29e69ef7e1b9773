import { PageQuery } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['admin'], query: PageQuery }).handle(async ({ query }) => ({ body: await deps.repos.apiKeys.list(query) }));

export const handler = lambdaHandler(createHandler);

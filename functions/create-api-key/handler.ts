import { CreateApiKeyInput } from '#shared/domain/api-key.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { createApiKey } from '#shared/services/registry.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['admin'], body: CreateApiKeyInput }).handle(async ({ body }) => ({
    status: 201,
    body: await createApiKey(deps.repos, body),
  }));

export const handler = lambdaHandler(createHandler);

import { z } from 'zod';
import { ApiKeyId } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['admin'], path: z.object({ keyId: ApiKeyId }) }).handle(async ({ path }) => {
    await deps.repos.apiKeys.delete(path.keyId);
    return { status: 204 };
  });

export const handler = lambdaHandler(createHandler);

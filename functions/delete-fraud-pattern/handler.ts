import { z } from 'zod';
import { FraudPatternId } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['investigator', 'admin'], path: z.object({ id: FraudPatternId }) }).handle(async ({ path }) => {
    await deps.repos.fraudPatterns.delete(path.id);
    return { status: 204 };
  });

export const handler = lambdaHandler(createHandler);

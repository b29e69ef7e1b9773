import { z } from 'zod';
import { ReportNumber } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { presentationsOf } from '#shared/services/verifications.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['investigator', 'admin'], path: z.object({ reportNumber: ReportNumber }) }).handle(async ({ path }) => ({
    body: await presentationsOf(deps.repos, path.reportNumber),
  }));

export const handler = lambdaHandler(createHandler);

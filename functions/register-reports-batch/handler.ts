import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { RegisterReportsBatchInput } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { registerBatch } from '#shared/services/register-batch.ts';

/** POST /issuers/{issuerId}/reports/batch: up to 500 registrations, each with the single call's semantics. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['issuer', 'admin'],
    issuerParam: 'issuerId',
    path: z.object({ issuerId: IssuerId }),
    body: RegisterReportsBatchInput,
  }).handle(async ({ path, body, principal }) => ({ body: await registerBatch(deps.repos, path.issuerId, body.reports, principal) }));

export const handler = lambdaHandler(createHandler);

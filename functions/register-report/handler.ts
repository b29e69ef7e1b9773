import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { RegisterReportInput } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { registerReport } from '#shared/services/registry.ts';

export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['issuer', 'admin'],
    issuerParam: 'issuerId',
    path: z.object({ issuerId: IssuerId }),
    body: RegisterReportInput,
  }).handle(async ({ path, body, principal }) => {
    const { report, created } = await registerReport(deps.repos, path.issuerId, body, principal);
    return { status: created ? 201 : 200, body: report };
  });

export const handler = lambdaHandler(createHandler);

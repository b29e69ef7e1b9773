import { z } from 'zod';
import { IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { ReportStatusChangeInput } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { changeReportStatus } from '#shared/services/registry.ts';

export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['issuer', 'admin'],
    issuerParam: 'issuerId',
    path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
    body: ReportStatusChangeInput,
  }).handle(async ({ path, body, principal }) => ({
    body: await changeReportStatus(deps.repos, path.issuerId, path.reportNumber, body, principal),
  }));

export const handler = lambdaHandler(createHandler);

import { z } from 'zod';
import { IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { ReportStatusChangeInput } from '#shared/domain/report.ts';
import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { applyStatus, passportDepsOf } from '#shared/services/passport.ts';
import { changeReportStatus } from '#shared/services/registry.ts';

/** PATCH …/reports/{reportNumber}: the new status, kept in the history, and the passport's status bits re-signed. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['issuer', 'admin'],
    issuerParam: 'issuerId',
    path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
    body: ReportStatusChangeInput,
  }).handle(async ({ path, body, principal, event }) => {
    const report = await changeReportStatus(deps.repos, path.issuerId, path.reportNumber, body, principal);
    await applyStatus(await passportDepsOf(deps, requestBaseUrl(event)), report);
    return { body: report };
  });

export const handler = lambdaHandler(createHandler);

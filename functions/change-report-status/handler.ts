import { z } from 'zod';
import { IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { ReportStatusChangeInput } from '#shared/domain/report.ts';
import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { route } from '#shared/http/route.ts';
import { passportDeps, repositories } from '#shared/services/container.ts';
import { applyStatus } from '#shared/services/passport.ts';
import { changeReportStatus } from '#shared/services/registry.ts';

/** PATCH …/reports/{reportNumber}: the new status, kept in the history, and the passport's status bits re-signed. */
export const handler = route({
  access: ['issuer', 'admin'],
  issuerParam: 'issuerId',
  path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
  body: ReportStatusChangeInput,
}).handle(async ({ path, body, principal, event }) => {
  const report = await changeReportStatus(repositories(), path.issuerId, path.reportNumber, body, principal);
  await applyStatus(await passportDeps(requestBaseUrl(event)), report);
  return { body: report };
});

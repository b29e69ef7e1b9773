import { z } from 'zod';
import { IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { ReportStatusChangeInput } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { changeReportStatus } from '#shared/services/registry.ts';

export const handler = route({
  access: ['issuer', 'admin'],
  issuerParam: 'issuerId',
  path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
  body: ReportStatusChangeInput,
}).handle(async ({ path, body, principal }) => ({
  body: await changeReportStatus(repositories(), path.issuerId, path.reportNumber, body, principal),
}));

import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { RegisterReportInput } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { registerReport } from '#shared/services/registry.ts';

export const handler = route({
  access: ['issuer', 'admin'],
  issuerParam: 'issuerId',
  path: z.object({ issuerId: IssuerId }),
  body: RegisterReportInput,
}).handle(async ({ path, body, principal }) => {
  const { report, created } = await registerReport(repositories(), path.issuerId, body, principal);
  return { status: created ? 201 : 200, body: report };
});

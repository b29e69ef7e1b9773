import { IssuerId } from '#shared/domain/common.ts';
import { RegisterReportsBatchInput } from '#shared/domain/report.ts';
import { z } from 'zod';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { registerBatch } from '#shared/services/register-batch.ts';

/** POST /issuers/{issuerId}/reports/batch: up to 500 registrations, each with the single call's semantics. */
export const handler = route({
  access: ['issuer', 'admin'],
  issuerParam: 'issuerId',
  path: z.object({ issuerId: IssuerId }),
  body: RegisterReportsBatchInput,
}).handle(async ({ path, body, principal }) => ({ body: await registerBatch(repositories(), path.issuerId, body.reports, principal) }));

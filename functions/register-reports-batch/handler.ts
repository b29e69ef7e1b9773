import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { RegisterReportsBatchInput } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { issuePassport, passportDepsOf } from '#shared/services/passport.ts';
import { registerBatch } from '#shared/services/register-batch.ts';

/** POST /issuers/{issuerId}/reports/batch: up to 500 registrations, each with the single call's semantics and, when registered, its passport. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['issuer', 'admin'],
    issuerParam: 'issuerId',
    path: z.object({ issuerId: IssuerId }),
    body: RegisterReportsBatchInput,
  }).handle(async ({ path, body, principal, event }) => {
    const passports = await passportDepsOf(deps, requestBaseUrl(event));
    return { body: await registerBatch(deps.repos, path.issuerId, body.reports, principal, (report) => issuePassport(passports, report)) };
  });

export const handler = lambdaHandler(createHandler);

import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { RegisterReportInput } from '#shared/domain/report.ts';
import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { issuePassport, passportDepsOf } from '#shared/services/passport.ts';
import { registerReport } from '#shared/services/registry.ts';

/** POST /issuers/{issuerId}/reports → the record and its digital passport. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['issuer', 'admin'],
    issuerParam: 'issuerId',
    path: z.object({ issuerId: IssuerId }),
    body: RegisterReportInput,
  }).handle(async ({ path, body, principal, event }) => {
    const { report, created } = await registerReport(deps.repos, path.issuerId, body, principal);
    const passport = await issuePassport(await passportDepsOf(deps, requestBaseUrl(event)), report);
    return { status: created ? 201 : 200, body: { ...report, passport } };
  });

export const handler = lambdaHandler(createHandler);

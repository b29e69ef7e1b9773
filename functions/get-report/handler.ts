import { z } from 'zod';
import { IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { PublicLookupQuery } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { lookupReport } from '#shared/services/registry.ts';

/** With the issuer's (or an admin's or investigator's) key: the full record. Without a key: the public lookup. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: { optional: ['issuer', 'admin', 'investigator'] },
    issuerParam: 'issuerId',
    path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
    query: PublicLookupQuery,
  }).handle(async ({ path, query, principal, event }) => ({
    body: await lookupReport(deps.repos, path.issuerId, path.reportNumber, principal, query.issueDate, query.t, event.requestContext.http.sourceIp),
  }));

export const handler = lambdaHandler(createHandler);

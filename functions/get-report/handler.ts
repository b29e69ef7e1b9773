import { z } from 'zod';
import { IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { PublicLookupQuery } from '#shared/domain/report.ts';
import { route } from '#shared/http/route.ts';
import { repositories } from '#shared/services/container.ts';
import { lookupReport } from '#shared/services/registry.ts';

/** With the issuer's (or an admin's or investigator's) key: the full record. Without a key: the public lookup. */
export const handler = route({
  access: { optional: ['issuer', 'admin', 'investigator'] },
  issuerParam: 'issuerId',
  path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
  query: PublicLookupQuery,
}).handle(async ({ path, query, principal, event }) => ({
  body: await lookupReport(repositories(), path.issuerId, path.reportNumber, principal, query.issueDate, event.requestContext.http.sourceIp),
}));

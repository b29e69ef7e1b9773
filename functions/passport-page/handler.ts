import { z } from 'zod';
import { IsoDate, IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { ReportNotFoundError } from '#shared/domain/errors.ts';
import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { header } from '#shared/http/request.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { passportDepsOf, publicPassport } from '#shared/services/passport.ts';
import { PAGE_HEADERS, passportLinkset, renderNotFoundPage, renderPassportPage } from '#shared/passport/page.ts';

/**
 * GET /r/{issuerId}/{reportNumber}?t=… (or ?issueDate=…): the page a passport
 * QR code opens. A person gets HTML; `Accept: application/linkset+json` gets
 * the RFC 9264 linkset; `Accept: application/vc+jwt` (with the token) the
 * credential. A wrong or missing factor answers 404 exactly as an unknown number.
 */
export const createHandler = (deps: Deps) =>
  route(deps, {
  access: 'public',
  path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
  query: z.object({ t: z.string().max(100).optional(), issueDate: IsoDate.optional() }),
}).handle(async ({ path, query, event }) => {
  const passportDeps = await passportDepsOf(deps, requestBaseUrl(event));
  const accept = header(event, 'accept') ?? '';
  const found = await publicPassport(passportDeps, path.issuerId, path.reportNumber, query).catch((e: unknown) => {
    // A browser gets a page it can show, the same for every link that matches nothing; any other client the problem.
    if (e instanceof ReportNotFoundError && /text\/html/i.test(accept)) return undefined;
    throw e;
  });
  if (!found) return { status: 404, text: renderNotFoundPage(), headers: { ...PAGE_HEADERS, vary: 'accept' } };
  const { report, passport } = found;
  const vary = { vary: 'accept', 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
  if (/application\/vc\+jwt/i.test(accept) && passport) {
    return { text: passport.credential, headers: { ...vary, 'content-type': 'application/vc+jwt' } };
  }
  const issuer = await deps.repos.issuers.get(report.issuerId);
  if (/application\/linkset\+json/i.test(accept)) {
    const base = passportDeps.deployment.publicBaseUrl;
    const anchor = `${base}/r/${encodeURIComponent(report.issuerId)}/${encodeURIComponent(report.reportNumber)}`;
    const lookup = `${base}/issuers/${encodeURIComponent(report.issuerId)}/reports/${encodeURIComponent(report.reportNumber)}${passport ? `?t=${new URL(passport.url).searchParams.get('t') ?? ''}` : `?issueDate=${report.issueDate}`}`;
    return {
      text: JSON.stringify(passportLinkset({ anchor, ...(passport ? { passportUrl: passport.url } : {}), lookupUrl: lookup, verificationDomains: issuer?.verificationDomains ?? [] })),
      headers: { ...vary, 'content-type': 'application/linkset+json' },
    };
  }
  return { text: renderPassportPage(report, issuer, passport !== undefined), headers: { ...PAGE_HEADERS, vary: 'accept' } };
});

export const handler = lambdaHandler(createHandler);

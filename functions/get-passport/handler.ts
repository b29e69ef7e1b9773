import { z } from 'zod';
import { IssuerId, ReportNumber } from '#shared/domain/common.ts';
import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { passportDepsOf, passportOf } from '#shared/services/passport.ts';
import { passportQrSvg } from '#shared/passport/qr-svg.ts';

/** GET …/reports/{reportNumber}/passport → { url, credential }; …/passport.svg → the QR code of the URL, for print. */
export const createHandler = (deps: Deps) =>
  route(deps, {
  access: ['issuer', 'admin'],
  issuerParam: 'issuerId',
  path: z.object({ issuerId: IssuerId, reportNumber: ReportNumber }),
}).handle(async ({ path, event }) => {
  const passport = await passportOf(await passportDepsOf(deps, requestBaseUrl(event)), path.issuerId, path.reportNumber);
  if (!event.rawPath.endsWith('/passport.svg')) return { body: passport };
  return {
    text: await passportQrSvg(passport.url),
    headers: { 'content-type': 'image/svg+xml', 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' },
  };
});

export const handler = lambdaHandler(createHandler);

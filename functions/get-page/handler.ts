import { z } from 'zod';
import { VerificationIdPath } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { pageImage } from '#shared/services/page-image.ts';

/** GET /verifications/{verificationId}/pages/{page}: one page of the stored document as an image, for the console. */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['platform', 'investigator', 'admin'],
    path: VerificationIdPath.extend({ page: z.coerce.number().int().min(1).max(1000) }),
  }).handle(async ({ path, principal }) => {
    const image = await pageImage(deps, path.verificationId, path.page, principal);
    return {
      body: image.bytes,
      headers: { 'content-type': image.contentType, 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff' },
    };
  });

export const handler = lambdaHandler(createHandler);

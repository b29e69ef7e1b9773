import { z } from 'zod';
import { VerificationIdPath } from '#shared/domain/verification.ts';
import { header } from '#shared/http/request.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { pageImage } from '#shared/services/page-image.ts';

/**
 * GET /verifications/{verificationId}/pages/{page}: one page of the stored document as an image, for the console.
 * Rendered once and kept (encrypted, beside the document); an ETag fixed by the document's sha256, the page and the
 * resolution, so a repeated view is a 304. `private`: only the browser of whoever may read the verification keeps it.
 */
export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['platform', 'investigator', 'admin'],
    path: VerificationIdPath.extend({ page: z.coerce.number().int().min(1).max(1000) }),
  }).handle(async ({ path, principal, event }) => {
    const image = await pageImage(deps, path.verificationId, path.page, principal, header(event, 'if-none-match'));
    const headers = { etag: image.etag, 'cache-control': 'private, max-age=3600', vary: 'Authorization', 'x-content-type-options': 'nosniff' };
    if ('notModified' in image) return { status: 304, headers, text: '' };
    return { body: image.bytes, headers: { ...headers, 'content-type': image.contentType } };
  });

export const handler = lambdaHandler(createHandler);

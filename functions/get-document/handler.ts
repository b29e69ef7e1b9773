import { VerificationIdPath } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { getDocument } from '#shared/services/documents.ts';

/** GET /verifications/{verificationId}/document: the original bytes with their content type. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], path: VerificationIdPath }).handle(async ({ path, principal }) => {
    const doc = await getDocument(deps, path.verificationId, principal);
    return {
      body: doc.bytes,
      headers: {
        'content-type': doc.contentType,
        'content-disposition': `inline; filename="${path.verificationId}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    };
  });

export const handler = lambdaHandler(createHandler);

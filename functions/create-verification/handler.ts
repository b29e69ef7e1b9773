import { route } from '#shared/http/route.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { parseVerificationRequest } from '#shared/http/verification-request.ts';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import { documentStore, referenceData, repositories } from '#shared/services/container.ts';
import { keepDocument } from '#shared/services/keep-document.ts';
import { newVerificationId } from '#shared/services/verification-id.ts';
import { readDocument } from '#shared/services/read-document.ts';
import { readTypedFields, verifyReading } from '#shared/services/verify-document.ts';

/** POST /verifications: a file (multipart or base64 JSON) or typed-in fields → the verdict, stored. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], middlewares: [idempotent()] }).handle(
  async ({ event, principal }) => {
    const request = await parseVerificationRequest(event, limitsFromEnv().maxBytes);
    const reading =
      request.kind === 'fields'
        ? readTypedFields(request.fields)
        : await readDocument(request.bytes, {
            ...(request.filename ? { filename: request.filename } : {}),
            ...(request.contentType ? { contentType: request.contentType } : {}),
          });
    const deps = { repos: repositories(), reference: referenceData() };
    const verificationId = newVerificationId(new Date());
    if (request.kind === 'document') await keepDocument(documentStore(), verificationId, request.bytes, reading);
    return { body: await verifyReading(deps, reading, request.submission, principal, { verificationId }) };
  },
);

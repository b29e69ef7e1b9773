import { route } from '#shared/http/route.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { parseVerificationRequest } from '#shared/http/verification-request.ts';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import { referenceData, repositories } from '#shared/services/container.ts';
import { readDocument } from '#shared/services/read-document.ts';
import { readTypedFields, verifyReading } from '#shared/services/verify-document.ts';

/** POST /verifications: a file (multipart or base64 JSON) or typed-in fields → the verdict, stored. */
export const handler = route({ access: ['platform', 'investigator', 'admin'], middlewares: [idempotent()] }).handle(
  async ({ event, principal, remainingTimeMs }) => {
    const request = await parseVerificationRequest(event, limitsFromEnv().maxBytes);
    const reading =
      request.kind === 'fields'
        ? readTypedFields(request.fields)
        : await readDocument(request.bytes, {
            ...(request.filename ? { filename: request.filename } : {}),
            ...(request.contentType ? { contentType: request.contentType } : {}),
            // The verdict, the store write and the response need the last seconds.
            budgetMs: remainingTimeMs() - 3000,
          });
    const deps = { repos: repositories(), reference: referenceData() };
    return { body: await verifyReading(deps, reading, request.submission, principal) };
  },
);

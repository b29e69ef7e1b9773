import { route } from '#shared/http/route.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { parseVerificationRequest } from '#shared/http/verification-request.ts';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { readDocument } from '#shared/services/read-document.ts';
import { readTypedFields, verifyReading } from '#shared/services/verify-document.ts';

/** POST /verifications: a file (multipart or base64 JSON) or typed-in fields → the verdict, stored. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], middlewares: [idempotent(deps.repos.table, 'create-verification')] }).handle(
    async ({ event, principal, remainingTimeMs }) => {
      const request = await parseVerificationRequest(event, limitsFromEnv().maxBytes);
      const reading =
        request.kind === 'fields'
          ? readTypedFields(request.fields)
          : await readDocument(deps.ocr, request.bytes, {
              ...(request.filename ? { filename: request.filename } : {}),
              ...(request.contentType ? { contentType: request.contentType } : {}),
              // The verdict, the store write and the response need the last seconds.
              budgetMs: remainingTimeMs() - 3000,
            });
      return { body: await verifyReading(deps, reading, request.submission, principal) };
    },
  );

export const handler = lambdaHandler(createHandler);

import { route } from '#shared/http/route.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { parseVerificationRequest } from '#shared/http/verification-request.ts';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { keepDocument } from '#shared/services/keep-document.ts';
import { passportDepsOf } from '#shared/services/passport.ts';
import { credentialEvidence } from '#shared/services/passport-verification.ts';
import { readDocument } from '#shared/services/read-document.ts';
import { newVerificationId } from '#shared/services/verification-id.ts';
import { readCredential, readTypedFields, verifyReading } from '#shared/services/verify-document.ts';

/** POST /verifications: a file (multipart or base64 JSON), typed-in fields or a digital passport → the verdict, stored. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], middlewares: [idempotent(deps.repos.table, 'create-verification')] }).handle(
    async ({ event, principal, remainingTimeMs }) => {
      const request = await parseVerificationRequest(event, limitsFromEnv().maxBytes);
      const passport = await passportDepsOf(deps, requestBaseUrl(event));
      const reading =
        request.kind === 'fields'
          ? readTypedFields(request.fields)
          : request.kind === 'credential'
            ? readCredential(await credentialEvidence(passport, { kind: 'credential', jws: request.credential, source: 'credential' }))
            : request.kind === 'passport-url'
              ? readCredential(await credentialEvidence(passport, { kind: 'url', url: request.passportUrl, source: 'passport-url' }))
              : await readDocument(deps.ocr, request.bytes, {
                  ...(request.filename ? { filename: request.filename } : {}),
                  ...(request.contentType ? { contentType: request.contentType } : {}),
                  // The verdict, the store write and the response need the last seconds.
                  budgetMs: remainingTimeMs() - 3000,
                });
      const verificationId = newVerificationId(new Date());
      if (request.kind === 'document') await keepDocument(deps.documents, verificationId, request.bytes, reading);
      return { body: await verifyReading({ ...deps, passports: passport }, reading, request.submission, principal, { verificationId }) };
    },
  );

export const handler = lambdaHandler(createHandler);

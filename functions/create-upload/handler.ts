import { UploadRequest } from '#shared/domain/verification.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { createUpload } from '#shared/services/uploads.ts';

/** POST /uploads: for files over the direct-request cap. PUT the file to uploadUrl; GET /verifications/{id} is PENDING until done. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: ['platform', 'investigator', 'admin'], body: UploadRequest }).handle(async ({ body, principal }) => {
    const { filename: _filename, ...submission } = body;
    return { status: 201, body: await createUpload(deps, submission, principal) };
  });

export const handler = lambdaHandler(createHandler);

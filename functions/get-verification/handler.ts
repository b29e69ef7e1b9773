import { z } from 'zod';
import { VerificationId } from '#shared/domain/common.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { getVerification } from '#shared/services/verifications.ts';

export const createHandler = (deps: Deps) =>
  route(deps, {
    access: ['platform', 'investigator', 'admin'],
    path: z.object({ verificationId: VerificationId }),
  }).handle(async ({ path, principal }) => ({ body: await getVerification(deps.repos, path.verificationId, principal) }));

export const handler = lambdaHandler(createHandler);

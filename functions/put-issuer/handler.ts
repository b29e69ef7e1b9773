import { z } from 'zod';
import { IssuerId } from '#shared/domain/common.ts';
import { IssuerInput } from '#shared/domain/issuer.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { putIssuer } from '#shared/services/registry.ts';

export const createHandler = (deps: Deps) =>
  route(deps, { access: ['admin'], path: z.object({ issuerId: IssuerId }), body: IssuerInput }).handle(async ({ path, body }) => {
    const { issuer, created } = await putIssuer(deps.repos, path.issuerId, body);
    return { status: created ? 201 : 200, body: issuer };
  });

export const handler = lambdaHandler(createHandler);

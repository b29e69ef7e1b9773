import { route } from '#shared/http/route.ts';
import { openApiDocument } from '#shared/http/openapi.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

export const createHandler = (deps: Deps) => route(deps, { access: 'public' }).handle(() => ({ body: openApiDocument() }));

export const handler = lambdaHandler(createHandler);

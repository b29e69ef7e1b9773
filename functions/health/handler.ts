import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

export const createHandler = (deps: Deps) => route(deps, { access: 'public' }).handle(() => ({ body: { status: 'ok' } }));

export const handler = lambdaHandler(createHandler);

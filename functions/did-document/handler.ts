import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { deploymentFor, didDocumentOf } from '#shared/services/passport.ts';

/** GET /.well-known/did.json: the did:web document, every public key (current and retired) as a JsonWebKey. */
export const createHandler = (deps: Deps) =>
  route(deps, { access: 'public' }).handle(async ({ event }) => ({
    body: await didDocumentOf({ keys: await deps.passport.keys(), deployment: deploymentFor(requestBaseUrl(event), deps.passport.env) }),
    headers: { 'content-type': 'application/did+json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
  }));

export const handler = lambdaHandler(createHandler);

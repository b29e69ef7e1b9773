import { requestBaseUrl } from '#shared/http/public-base-url.ts';
import { route } from '#shared/http/route.ts';
import { passportKeys } from '#shared/services/container.ts';
import { deploymentFor, didDocumentOf } from '#shared/services/passport.ts';

/** GET /.well-known/did.json: the did:web document, every public key (current and retired) as a JsonWebKey. */
export const handler = route({ access: 'public' }).handle(async ({ event }) => ({
  body: await didDocumentOf({ keys: await passportKeys(), deployment: deploymentFor(requestBaseUrl(event)) }),
  headers: { 'content-type': 'application/did+json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
}));

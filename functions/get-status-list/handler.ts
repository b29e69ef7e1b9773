import { createHash } from 'node:crypto';
import { z } from 'zod';
import { header } from '#shared/http/request.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { STATUS_LIST_MAX_AGE_SECONDS, statusListCredential } from '#shared/services/passport.ts';

/** GET /status-lists/{listId}: the BitstringStatusListCredential as vc+jwt, with a short TTL and an ETag (304 on If-None-Match). */
export const createHandler = (deps: Deps) =>
  route(deps, {
  access: 'public',
  path: z.object({ listId: z.string().regex(/^(revocation|suspension)-[1-9]\d{0,5}$/, 'revocation-<n> or suspension-<n>') }),
}).handle(async ({ path, event }) => {
  const list = await statusListCredential(deps, path.listId);
  const etag = `"${createHash('sha256').update(list.jwt).digest('base64url').slice(0, 27)}"`;
  const headers = { etag, 'cache-control': `public, max-age=${STATUS_LIST_MAX_AGE_SECONDS}`, 'access-control-allow-origin': '*' };
  const match = header(event, 'if-none-match');
  if (match !== undefined && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return { status: 304, headers, text: '' };
  return { text: list.jwt, headers: { ...headers, 'content-type': 'application/vc+jwt' } };
});

export const handler = lambdaHandler(createHandler);

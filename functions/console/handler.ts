import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleSecurityHeaders } from '#shared/http/console-headers.ts';
import { header } from '#shared/http/request.ts';
import { route } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';

/**
 * GET /console and GET /console/{proxy+}: the web console's built assets
 * (console/dist, built by scripts/build-console.ts), from the same origin as
 * the API. On AWS the assets are copied next to the bundle and found through
 * CONSOLE_ASSETS_DIR. Hashed file names are cached for a year; index.html never.
 */
const assetsDir = () => process.env.CONSOLE_ASSETS_DIR ?? fileURLToPath(new URL('../../console/dist/', import.meta.url));

const Types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

const notFound = () => ({
  status: 404,
  body: new TextEncoder().encode('Not found'),
  headers: { 'content-type': 'text/plain; charset=utf-8', ...consoleSecurityHeaders() },
});

export const createHandler = (deps: Deps) =>
  route(deps, { access: 'public' }).handle(async ({ event }) => {
  const raw = event.rawPath ?? '/console/';
  const relative = decodeURIComponent(raw.replace(/^\/console\/?/, '')) || 'index.html';
  const file = normalize(relative);
  if (file.startsWith('..') || file.includes('\0') || !/^[\w.-]+(\/[\w.-]+)*$/.test(file) || !(extname(file) in Types)) return notFound();
  const immutable = /-[A-Z0-9]{8}\.(js|css)$/.test(file);
  // The build keeps a gzip copy of the hashed JS and CSS: sent as is to a browser that takes gzip (all do).
  const gzip = immutable && /\bgzip\b/i.test(header(event, 'accept-encoding') ?? '');
  const packed = gzip ? await readFile(join(assetsDir(), `${file}.gz`)).catch(() => undefined) : undefined;
  const bytes = packed ?? (await readFile(join(assetsDir(), file)).catch(() => undefined));
  if (!bytes) return notFound();
  return {
    body: new Uint8Array(bytes),
    headers: {
      'content-type': Types[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(immutable ? { vary: 'Accept-Encoding' } : {}),
      ...(packed ? { 'content-encoding': 'gzip' } : {}),
      ...consoleSecurityHeaders(),
    },
  };
});

export const handler = lambdaHandler(createHandler);

import type { HttpEvent } from './route.ts';

/** The URL the request came in on: https on API Gateway (x-forwarded-proto), the local server's own http://host:port. */
export const requestBaseUrl = (event: HttpEvent): string => {
  const proto = event.headers?.['x-forwarded-proto'] ?? 'http';
  const host = event.requestContext?.domainName ?? event.headers?.host ?? 'localhost';
  return `${proto}://${host}`;
};

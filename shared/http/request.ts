import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { ValidationIssue } from '#shared/domain/errors.ts';

/** A request header, whatever its case. */
export const header = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
};

export const isJsonContentType = (contentType: string): boolean => /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType);

/** The body's bytes, decoded when API Gateway base64-encoded it. */
export const bodyBytes = (event: APIGatewayProxyEventV2): Buffer =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');

/** zod issues as the `errors` of a problem: `<prefix>.<path>` and the message. */
export const issuesOf = (error: z.ZodError, prefix: string): ValidationIssue[] =>
  error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));

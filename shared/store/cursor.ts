import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from '#shared/domain/errors.ts';

/**
 * Opaque pagination cursors. A cursor is the page's LastEvaluatedKey, bound to
 * the query it came from and signed, so a client can neither read it as a
 * contract nor edit it to jump to another partition. Anything else is a 400.
 */
type Key = Record<string, string>;

export interface CursorCodec {
  encode(scope: string, key: Record<string, unknown> | undefined): string | undefined;
  decode(scope: string, cursor: string | undefined): Key | undefined;
}

/**
 * The codec over one secret. The composition root supplies the secret
 * (Secrets Manager on AWS, .data/secrets.json locally, random in tests);
 * there is no default.
 */
export const createCursorCodec = (secret: string): CursorCodec => {
  if (secret.length < 16) throw new Error('The cursor secret must be at least 16 characters.');
  const sign = (body: string): string => createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22);
  return {
    encode: (scope, key) => {
      if (key === undefined) return undefined;
      const body = Buffer.from(JSON.stringify({ s: scope, k: key })).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    decode: (scope, cursor) => decode(sign, scope, cursor),
  };
};

/** For a runtime that has no cursor secret (no table access, or a one-off script): any cursor use throws. */
export const unconfiguredCursorCodec: CursorCodec = {
  encode: () => {
    throw new Error('No cursor secret is configured in this runtime.');
  },
  decode: () => {
    throw new Error('No cursor secret is configured in this runtime.');
  },
};

const decode = (sign: (body: string) => string, scope: string, cursor: string | undefined): Key | undefined => {
  if (cursor === undefined || cursor === '') return undefined;
  const [body, mac, ...rest] = cursor.split('.');
  const invalid = () => new InvalidCursorError('The cursor is not one this API issued for this query.');
  if (!body || !mac || rest.length > 0) throw invalid();
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { s, k } = parsed as { s?: unknown; k?: unknown };
  if (s !== scope || typeof k !== 'object' || k === null) throw invalid();
  if (!Object.values(k).every((v) => typeof v === 'string')) throw invalid();
  return k as Key;
};

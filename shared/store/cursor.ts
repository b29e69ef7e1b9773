import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from '#shared/domain/errors.ts';

/**
 * Opaque pagination cursors. A cursor is the page's LastEvaluatedKey, bound to
 * the query it came from and signed, so a client can neither read it as a
 * contract nor edit it to jump to another partition. Anything else is a 400.
 */
type Key = Record<string, string>;

const secret = (): string => process.env.CURSOR_SECRET ?? 'certverify-cursor-v1';

const sign = (body: string): string => createHmac('sha256', secret()).update(body).digest('base64url').slice(0, 22);

export const encodeCursor = (scope: string, key: Record<string, unknown> | undefined): string | undefined => {
  if (key === undefined) return undefined;
  const body = Buffer.from(JSON.stringify({ s: scope, k: key })).toString('base64url');
  return `${body}.${sign(body)}`;
};

export const decodeCursor = (scope: string, cursor: string | undefined): Key | undefined => {
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

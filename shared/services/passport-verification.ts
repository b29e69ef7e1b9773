import type { CredentialEvidence } from '#shared/domain/credential-evidence.ts';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { looksLikeJws } from '#shared/passport/jws.ts';
import { keyIdOf } from '#shared/passport/signer.ts';
import { decodeList, parseListId } from '#shared/passport/status-list.ts';
import { verifyCredential, type CredentialResolvers } from '#shared/passport/verify.ts';
import { StatusListCache, tokenMatches, type PassportDeps } from './passport.ts';

/** What a verification request or a document offers as a passport. */
export type PassportInput =
  | { kind: 'credential'; jws: string; source: CredentialEvidence['source'] }
  | { kind: 'url'; url: string; source: CredentialEvidence['source'] };

/** A passport URL of this deployment, `{publicBaseUrl}/r/{issuerId}/{reportNumber}?t=…`; undefined for any other text. */
export const parsePassportUrl = (deps: Pick<PassportDeps, 'deployment'>, text: string): { issuerId: string; reportNumber: string; token?: string } | undefined => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const base = new URL(deps.deployment.publicBaseUrl);
  if (url.origin !== base.origin) return undefined;
  const prefix = base.pathname.replace(/\/+$/, '');
  const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/r/([^/]+)/([^/]+)$`).exec(url.pathname);
  if (!m?.[1] || !m[2]) return undefined;
  const token = url.searchParams.get('t') ?? undefined;
  return { issuerId: decodeURIComponent(m[1]), reportNumber: decodeURIComponent(m[2]), ...(token ? { token } : {}) };
};

/** The passport a document offers: a QR code or text that is a passport URL of this deployment, or a credential. */
export const passportInputOfDocument = (deps: Pick<PassportDeps, 'deployment'>, qrPayloads: readonly string[], fullText: string): PassportInput | undefined => {
  for (const payload of qrPayloads) {
    if (parsePassportUrl(deps, payload)) return { kind: 'url', url: payload, source: 'document-qr' };
    if (looksLikeJws(payload)) return { kind: 'credential', jws: payload.trim(), source: 'document-qr' };
  }
  const jws = /[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{40,}/.exec(fullText.replace(/\s+/g, ''))?.[0];
  return jws && looksLikeJws(jws) ? { kind: 'credential', jws, source: 'document-text' } : undefined;
};

/**
 * Resolvers over this deployment's own keys and store: a kid of our DID is
 * looked up among our keys ('unknown' when it is none of them); the status
 * lists are read from the store (never over HTTP: no request leaves for a URL
 * a document names) and cached for a short TTL. Anything else cannot be had.
 */
export const localResolvers = (deps: PassportDeps): CredentialResolvers => {
  const lists = deps.lists ?? new StatusListCache();
  return {
    publicKey: async (kid) => {
      const did = kid.slice(0, kid.indexOf('#'));
      if (did !== deps.deployment.did) throw new Error(`${did || kid} is not the did of this deployment; its keys cannot be resolved here`);
      const keys = await deps.keys.publicKeys();
      return keys.find((k) => k.keyId === keyIdOf(kid))?.jwk ?? 'unknown';
    },
    statusList: async (url, purpose) => {
      const prefix = `${deps.deployment.publicBaseUrl}/status-lists/`;
      const listId = url.startsWith(prefix) ? url.slice(prefix.length) : undefined;
      const parsed = listId ? parseListId(listId) : undefined;
      if (!listId || !parsed || parsed.purpose !== purpose) throw new Error(`${url} is not a ${purpose} list of this deployment`);
      return lists.get(listId, async () => {
        const list = await deps.repos.passports.getList(listId);
        if (!list) throw new Error(`no status list ${listId}`);
        return decodeList(list.encodedList);
      });
    },
  };
};

/**
 * The credential evidence of a passport, prefetched before the checks run. A
 * passport URL is resolved in the store (its token must match; otherwise the
 * evidence says not-found), never fetched.
 */
export const credentialEvidence = async (deps: PassportDeps, input: PassportInput): Promise<CredentialEvidence> => {
  const resolvers = localResolvers(deps);
  if (input.kind === 'credential') return verifyCredential(input.jws, resolvers, input.source);
  const ref = parsePassportUrl(deps, input.url);
  const notFound: CredentialEvidence = {
    source: input.source,
    signature: 'not-found',
    status: { revocation: 'absent', suspension: 'absent' },
    attested: ref ? { issuerId: ref.issuerId, reportNumber: ref.reportNumber } : {},
    detail: 'no passport of this deployment has that link',
  };
  if (!ref) return notFound;
  let stored;
  try {
    stored = await deps.repos.passports.get(ref.issuerId, ref.reportNumber);
  } catch (e) {
    if (!(e instanceof DependencyUnavailableError)) throw e;
    return { ...notFound, signature: 'key-unavailable', detail: 'the passport could not be read from the store' };
  }
  if (!stored || !tokenMatches(stored, ref.token)) return notFound;
  return verifyCredential(stored.credential, resolvers, input.source);
};

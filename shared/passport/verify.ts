import { compactVerify, importJWK, type JWK } from 'jose';
import type { CredentialEvidence, StatusBit } from '#shared/domain/credential-evidence.ts';
import { attestedFields, statusEntriesOf } from './credential.ts';
import { peekJws } from './jws.ts';
import { decodeList, getBit, type StatusPurpose } from './status-list.ts';

/**
 * Verifies a VC-JOSE credential with what the caller resolved: the public key
 * of its `kid` and the bitstring of each status list. Nothing here does I/O
 * of its own; the resolvers may (from the store, a cache, files or HTTP).
 */
export interface CredentialResolvers {
  /** The public JWK of a kid; 'unknown' when the kid's DID is ours and names no key; throws when the keys cannot be had. */
  publicKey(kid: string): Promise<JWK | 'unknown'>;
  /** The bitstring of a status list credential (verified by the resolver); throws when it cannot be had. */
  statusList(url: string, purpose: StatusPurpose): Promise<Uint8Array>;
}

const imported = new Map<string, Promise<CryptoKeyLike>>();
type CryptoKeyLike = Awaited<ReturnType<typeof importJWK>>;
const importOnce = (jwk: JWK): Promise<CryptoKeyLike> => {
  const id = JSON.stringify([jwk.kty, jwk.crv, jwk.x, jwk.y]);
  let key = imported.get(id);
  if (!key) {
    key = importJWK(jwk, 'ES256');
    imported.set(id, key);
  }
  return key;
};

const decoder = new TextDecoder();

export const verifyCredential = async (
  jws: string,
  resolvers: CredentialResolvers,
  source: CredentialEvidence['source'],
): Promise<CredentialEvidence> => {
  const unknownStatus = { revocation: 'absent', suspension: 'absent' } as const;
  const peeked = peekJws(jws);
  if (!peeked) return { source, signature: 'malformed', status: unknownStatus, attested: {}, detail: 'not a compact JWS' };
  const { header, payload: claimed } = peeked;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const base = { source, ...(kid ? { kid } : {}), attested: attestedFields(claimed) };
  if (header.typ !== 'vc+jwt' || header.alg !== 'ES256' || !kid) {
    return { ...base, signature: 'malformed', status: unknownStatus, detail: 'the header is not { alg: ES256, typ: vc+jwt, kid }' };
  }
  let jwk: JWK | 'unknown';
  try {
    jwk = await resolvers.publicKey(kid);
  } catch (e) {
    return { ...base, signature: 'key-unavailable', status: unknownStatus, detail: e instanceof Error ? e.message : 'key unavailable' };
  }
  if (jwk === 'unknown') return { ...base, signature: 'invalid', status: unknownStatus, detail: `${kid} is not a key of this deployment` };
  let payload: Record<string, unknown>;
  try {
    const { payload: bytes } = await compactVerify(jws.trim(), await importOnce(jwk), { algorithms: ['ES256'] });
    payload = JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
  } catch {
    return { ...base, signature: 'invalid', status: unknownStatus, detail: 'the signature does not verify' };
  }
  const contexts = Array.isArray(payload['@context']) ? payload['@context'] : [];
  const types = Array.isArray(payload.type) ? payload.type : [];
  if (contexts[0] !== 'https://www.w3.org/ns/credentials/v2' || !types.includes('VerifiableCredential')) {
    return { ...base, signature: 'malformed', status: unknownStatus, detail: 'the payload is not a VC 2.0 credential' };
  }
  const issuer = typeof payload.issuer === 'object' && payload.issuer !== null ? (payload.issuer as { id?: unknown }).id : payload.issuer;
  const status: Record<StatusPurpose, StatusBit> = { revocation: 'absent', suspension: 'absent' };
  let detail: string | undefined;
  await Promise.all(
    statusEntriesOf(payload).map(async (entry) => {
      try {
        const bits = await resolvers.statusList(entry.statusListCredential, entry.statusPurpose);
        status[entry.statusPurpose] = getBit(bits, Number(entry.statusListIndex)) ? 'set' : 'clear';
      } catch (e) {
        status[entry.statusPurpose] = 'unavailable';
        detail = `status list ${entry.statusListCredential}: ${e instanceof Error ? e.message : 'unavailable'}`;
      }
    }),
  );
  return {
    source,
    signature: 'valid',
    kid,
    ...(typeof issuer === 'string' ? { issuer } : {}),
    ...(typeof payload.validFrom === 'string' ? { validFrom: payload.validFrom } : {}),
    ...(typeof payload.validUntil === 'string' ? { validUntil: payload.validUntil } : {}),
    status,
    attested: attestedFields(payload),
    ...(detail ? { detail } : {}),
  };
};

/**
 * The bitstring of a status list credential (a vc+jwt), after verifying its
 * signature with `publicKey` and that it is a BitstringStatusListCredential
 * of the expected purpose.
 */
export const bitsFromStatusListJwt = async (
  jwt: string,
  publicKey: CredentialResolvers['publicKey'],
  purpose: StatusPurpose,
): Promise<Uint8Array> => {
  const peeked = peekJws(jwt);
  const kid = peeked?.header.kid;
  if (typeof kid !== 'string') throw new Error('the status list is not a compact JWS with a kid');
  const jwk = await publicKey(kid);
  if (jwk === 'unknown') throw new Error(`the status list is signed by ${kid}, not a key of this deployment`);
  const { payload } = await compactVerify(jwt.trim(), await importOnce(jwk), { algorithms: ['ES256'] });
  const list = JSON.parse(decoder.decode(payload)) as { type?: unknown; credentialSubject?: { statusPurpose?: unknown; encodedList?: unknown } };
  if (!Array.isArray(list.type) || !list.type.includes('BitstringStatusListCredential')) throw new Error('not a BitstringStatusListCredential');
  if (list.credentialSubject?.statusPurpose !== purpose) throw new Error(`the list is not for ${purpose}`);
  if (typeof list.credentialSubject.encodedList !== 'string') throw new Error('the list has no encodedList');
  return decodeList(list.credentialSubject.encodedList);
};

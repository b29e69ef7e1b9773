import { base64url } from 'jose';
import type { Signer } from './signer.ts';

export interface JwsHeader {
  alg: string;
  kid: string;
  typ: 'vc+jwt';
  cty: 'vc';
}

const text = new TextEncoder();

/**
 * A VC-JOSE compact JWS: the header `{ alg, kid, typ: "vc+jwt", cty: "vc" }`
 * and the credential itself as the payload. Assembled here (not with jose's
 * CompactSign) because on AWS the signature comes from KMS and the private key
 * is never a KeyLike in this process.
 */
export const signCredential = async (signer: Signer, credential: object): Promise<string> => {
  const header: JwsHeader = { alg: signer.alg, kid: signer.kid, typ: 'vc+jwt', cty: 'vc' };
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(credential))}`;
  const signature = await signer.sign(text.encode(input));
  return `${input}.${base64url.encode(signature)}`;
};

/** Header and payload of a compact JWS, NOT verified: for routing and display only. Undefined when it is not one. */
export const peekJws = (jws: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined => {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    const dec = new TextDecoder();
    const header = JSON.parse(dec.decode(base64url.decode(parts[0] ?? ''))) as unknown;
    const payload = JSON.parse(dec.decode(base64url.decode(parts[1] ?? ''))) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload };
  } catch {
    return undefined;
  }
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string that looks like a compact JWS (three base64url parts), for telling a credential from other text. */
export const looksLikeJws = (s: string): boolean => /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}$/.test(s.trim());

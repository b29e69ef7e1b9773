import type { JWK } from 'jose';

/**
 * What signs credentials. The private key stays wherever the implementation
 * keeps it: a KMS key on AWS (kms-key-store.ts), a key file locally
 * (local-key-store.ts). `sign` returns the JOSE signature (for ES256 the
 * 64-byte r||s) over the JWS signing input.
 */
export interface Signer {
  readonly alg: 'ES256';
  /** The full verification method id, `<did>#<key id>`, which goes into the JWS `kid`. */
  readonly kid: string;
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
}

/** A public key of the deployment, current or retired, as it appears in did.json. */
export interface PublicKey {
  /** The key id, the fragment after '#'. */
  keyId: string;
  jwk: JWK;
}

/**
 * The deployment's keys: the signer for new credentials and status lists,
 * and every public key that ever signed (retired keys stay, so credentials
 * signed before a rotation still verify).
 */
export interface KeyStore {
  /** The signer of the current key, for credentials issued under `did`. */
  signer(did: string): Signer;
  /** Every public key, the current one first. */
  publicKeys(): Promise<PublicKey[]>;
}

/** The key id of a `kid` header: the part after '#'. */
export const keyIdOf = (kid: string): string => kid.slice(kid.indexOf('#') + 1);

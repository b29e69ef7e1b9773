import type { PublicKey } from './signer.ts';

/**
 * did:web of the deployment, from its public base URL: the host, with a port
 * percent-encoded (`did:web:localhost%3A3000`). did:web resolves a bare host
 * to `https://host/.well-known/did.json`, which the deployment serves.
 */
export const didFromBaseUrl = (publicBaseUrl: string): string => {
  const url = new URL(publicBaseUrl);
  return `did:web:${url.host.replace(':', '%3A')}`;
};

export const DID_CONTEXTS = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'] as const;

/** The did:web document: every public key (current first, retired after) as a JsonWebKey verification method. */
export const didDocument = (did: string, keys: readonly PublicKey[]) => {
  const methods = keys.map((k) => ({
    id: `${did}#${k.keyId}`,
    type: 'JsonWebKey',
    controller: did,
    publicKeyJwk: k.jwk,
  }));
  return {
    '@context': [...DID_CONTEXTS],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
};

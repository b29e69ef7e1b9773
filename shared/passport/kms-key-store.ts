import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createHash } from 'node:crypto';
import { exportJWK, importSPKI } from 'jose';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { KeyStore, PublicKey, Signer } from './signer.ts';

/** The key id of a KMS key ARN or id: its UUID (or the whole id for an alias-free id). */
export const kmsKeyId = (arnOrId: string): string => arnOrId.slice(arnOrId.lastIndexOf('/') + 1);

/** Reads one DER length at `at`; returns [length, next offset]. */
const derLength = (der: Uint8Array, at: number): [number, number] => {
  const first = der[at] ?? 0;
  if (first < 0x80) return [first, at + 1];
  const bytes = first & 0x7f;
  let len = 0;
  for (let i = 0; i < bytes; i++) len = (len << 8) | (der[at + 1 + i] ?? 0);
  return [len, at + 1 + bytes];
};

/**
 * KMS returns an ECDSA signature as DER `SEQUENCE { INTEGER r, INTEGER s }`;
 * JOSE wants the fixed-width r||s (32 bytes each for P-256).
 */
export const derToJose = (der: Uint8Array, size = 32): Uint8Array => {
  if (der[0] !== 0x30) throw new Error('not a DER ECDSA signature');
  let [, at] = derLength(der, 1);
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[at] !== 0x02) throw new Error('not a DER ECDSA signature');
    const [len, start] = derLength(der, at + 1);
    let int = der.subarray(start, start + len);
    while (int.length > size && int[0] === 0) int = int.subarray(1);
    if (int.length > size) throw new Error('DER integer too long');
    out.set(int, part * size + (size - int.length));
    at = start + len;
  }
  return out;
};

/**
 * Signing with a KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY): the digest
 * goes to KMS Sign (ECDSA_SHA_256) and the private key never enters Lambda.
 * The public keys come from KMS GetPublicKey, for the current key and the
 * retired ones (kept, never deleted, so old credentials still verify).
 */
export class KmsKeyStore implements KeyStore {
  private cached?: Promise<PublicKey[]>;

  constructor(
    private readonly kms: KMSClient,
    private readonly currentKey: string,
    private readonly retiredKeys: readonly string[] = [],
  ) {}

  signer(did: string): Signer {
    return {
      alg: 'ES256',
      kid: `${did}#${kmsKeyId(this.currentKey)}`,
      sign: async (input) => {
        const digest = createHash('sha256').update(input).digest();
        try {
          const { Signature } = await this.kms.send(
            new SignCommand({ KeyId: this.currentKey, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
          );
          if (!Signature) throw new Error('KMS returned no signature');
          return derToJose(Signature);
        } catch (e) {
          throw new DependencyUnavailableError('kms', `KMS Sign failed: ${e instanceof Error ? e.name : 'UnknownError'}`, { cause: e });
        }
      },
    };
  }

  publicKeys(): Promise<PublicKey[]> {
    this.cached ??= Promise.all(
      [this.currentKey, ...this.retiredKeys].map(async (key) => {
        const { PublicKey: spki } = await this.kms.send(new GetPublicKeyCommand({ KeyId: key }));
        if (!spki) throw new Error('KMS returned no public key');
        const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----`;
        const keyId = kmsKeyId(key);
        return { keyId, jwk: { ...(await exportJWK(await importSPKI(pem, 'ES256', { extractable: true }))), kid: keyId, alg: 'ES256', use: 'sig' } };
      }),
    ).catch((e: unknown) => {
      this.cached = undefined;
      throw new DependencyUnavailableError('kms', `KMS GetPublicKey failed: ${e instanceof Error ? e.name : 'UnknownError'}`, { cause: e });
    });
    return this.cached;
  }
}

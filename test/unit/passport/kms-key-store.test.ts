import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { compactVerify, importJWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { derToJose, KmsKeyStore } from '#shared/passport/kms-key-store.ts';
import { signCredential } from '#shared/passport/jws.ts';
import { signDigestDer } from '../../support/ecdsa-digest.ts';

/** KMS cannot run here: the mock answers Sign with a real DER ECDSA signature over the digest, as KMS does. */
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = publicKey.export({ type: 'spki', format: 'der' });
const arn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = mockClient(KMSClient);

describe('passport: KMS key store', () => {
  afterEach(() => kms.reset());

  it('converts DER ECDSA signatures to JOSE r||s, including short and padded integers', () => {
    // Act & Assess
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
      const jose = derToJose(der);
      expect(jose.length).toBe(64);
      // the same (r, s) as node's own P1363 encoding of that DER signature
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('signs with KMS (digest, ECDSA_SHA_256) and the signature verifies with the KMS public key', async () => {
    // Prepare
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({ Signature: signDigestDer(input.Message, privateKey) }));
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: new Uint8Array(spki) });
    const store = new KmsKeyStore(new KMSClient({ region: 'eu-west-1' }), arn);

    // Act
    const signer = store.signer('did:web:certverify.example');
    const signature = await signer.sign(new TextEncoder().encode('signing input'));
    const [key] = await store.publicKeys();

    // Assess
    expect(signer.kid).toBe('did:web:certverify.example#1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(key?.jwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: '1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input).toMatchObject({ KeyId: arn, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(verify('sha256', Buffer.from('signing input'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('makes a VC-JOSE credential that jose verifies', async () => {
    // Prepare
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({ Signature: signDigestDer(input.Message, privateKey) }));
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: new Uint8Array(spki) });
    const store = new KmsKeyStore(new KMSClient({ region: 'eu-west-1' }), arn);

    const jws = await signCredential(store.signer('did:web:certverify.example'), { hello: 'kms' });
    const [key] = await store.publicKeys();
    if (!key) throw new Error('no key');

    const { payload } = await compactVerify(jws, await importJWK(key.jwk, 'ES256'));
    // Act & Assess
    expect(JSON.parse(new TextDecoder().decode(payload))).toStrictEqual({ hello: 'kms' });
  });

  it('turns a KMS failure into DependencyUnavailableError (503, never a verdict)', async () => {
    // Prepare
    kms.on(SignCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const store = new KmsKeyStore(new KMSClient({ region: 'eu-west-1' }), arn);
    // Act & Assess
    await expect(signCredential(store.signer('did:web:x'), {})).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

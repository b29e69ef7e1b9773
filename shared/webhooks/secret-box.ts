import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';

/**
 * Webhook signing secrets are shown once and stored only encrypted, bound to
 * their webhook id (KMS encryption context / AES-GCM associated data), so a
 * ciphertext copied onto another webhook does not open.
 */
export interface SecretBox {
  seal(secret: string, webhookId: string): Promise<string>;
  open(sealed: string, webhookId: string): Promise<string>;
}

/** The local runtime's box: AES-256-GCM under a key generated on first start (kept in .data). */
export class AesSecretBox implements SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AesSecretBox needs a 32-byte key');
  }

  seal(secret: string, webhookId: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(webhookId));
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Promise.resolve(`aes1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`);
  }

  open(sealed: string, webhookId: string): Promise<string> {
    const [scheme, iv, tag, data] = sealed.split('.');
    if (scheme !== 'aes1' || !iv || !tag || !data) return Promise.reject(new Error('not an aes1 sealed secret'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
      .setAAD(Buffer.from(webhookId))
      .setAuthTag(Buffer.from(tag, 'base64url'));
    return Promise.resolve(Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8'));
  }
}

/** On AWS: KMS Encrypt/Decrypt with a symmetric key; the plaintext key never leaves KMS. */
export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(secret: string, webhookId: string): Promise<string> {
    const out = await this.kms.send(
      new EncryptCommand({ KeyId: this.keyId, Plaintext: Buffer.from(secret), EncryptionContext: { webhookId } }),
    );
    if (!out.CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    return `kms1.${Buffer.from(out.CiphertextBlob).toString('base64url')}`;
  }

  async open(sealed: string, webhookId: string): Promise<string> {
    const [scheme, blob] = sealed.split('.');
    if (scheme !== 'kms1' || !blob) throw new Error('not a kms1 sealed secret');
    const out = await this.kms.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: Buffer.from(blob, 'base64url'), EncryptionContext: { webhookId } }),
    );
    if (!out.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return Buffer.from(out.Plaintext).toString('utf8');
  }
}

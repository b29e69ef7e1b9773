import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { webcrypto, type webcrypto as WebCrypto } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { KeyStore, PublicKey, Signer } from './signer.ts';

interface StoredKey {
  keyId: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: string;
}
interface KeyFile {
  current: string;
  keys: StoredKey[];
}

const newKey = async (now: Date): Promise<StoredKey> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const keyId = await calculateJwkThumbprint(publicJwk);
  return { keyId, privateJwk: { ...(await exportJWK(privateKey)), kid: keyId }, publicJwk: { ...publicJwk, kid: keyId, alg: 'ES256', use: 'sig' }, createdAt: now.toISOString() };
};

/**
 * The local stand-in for KMS: a P-256 key generated on first start and kept
 * in a JSON file under .data (or only in memory for tests). `rotate()` adds a
 * new current key and keeps the old ones' public halves in did.json.
 */
export class LocalKeyStore implements KeyStore {
  private readonly imported = new Map<string, WebCrypto.CryptoKey>();

  private constructor(
    private file: KeyFile,
    private readonly path: string | undefined,
  ) {}

  /** Opens the key file at `path`, creating it with a new key if absent; no path: an in-memory key. */
  static async open(path?: string, now = new Date()): Promise<LocalKeyStore> {
    if (path) {
      const existing = await readFile(path, 'utf8').then((t) => JSON.parse(t) as KeyFile, () => undefined);
      if (existing) return new LocalKeyStore(existing, path);
    }
    const key = await newKey(now);
    const store = new LocalKeyStore({ current: key.keyId, keys: [key] }, path);
    await store.save();
    return store;
  }

  private async save(): Promise<void> {
    if (!this.path) return;
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(this.path, `${JSON.stringify(this.file, null, 2)}\n`, { mode: 0o600 });
  }

  /** A new current key; the previous keys stay for verification. */
  async rotate(now = new Date()): Promise<string> {
    const key = await newKey(now);
    this.file = { current: key.keyId, keys: [key, ...this.file.keys] };
    await this.save();
    return key.keyId;
  }

  private current(): StoredKey {
    const key = this.file.keys.find((k) => k.keyId === this.file.current);
    if (!key) throw new Error('the local key file names a current key it does not hold');
    return key;
  }

  signer(did: string): Signer {
    const key = this.current();
    return {
      alg: 'ES256',
      kid: `${did}#${key.keyId}`,
      sign: async (input) => {
        let cryptoKey = this.imported.get(key.keyId);
        if (!cryptoKey) {
          cryptoKey = (await importJWK(key.privateJwk, 'ES256')) as WebCrypto.CryptoKey;
          this.imported.set(key.keyId, cryptoKey);
        }
        // WebCrypto's ECDSA signature is already IEEE P1363 (r||s), which is what JOSE wants.
        return new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, cryptoKey, input));
      },
    };
  }

  publicKeys(): Promise<PublicKey[]> {
    const current = this.current();
    const rest = this.file.keys.filter((k) => k.keyId !== current.keyId);
    return Promise.resolve([current, ...rest].map((k) => ({ keyId: k.keyId, jwk: k.publicJwk })));
  }
}

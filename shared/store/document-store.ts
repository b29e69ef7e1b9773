import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';

/**
 * The submitted documents, kept for the reviewers (API.md, "The submitted
 * document is kept, encrypted at rest"). On AWS: the uploads bucket under
 * DOCUMENTS_PREFIX, encrypted by S3 (SSE-KMS with the bucket's key, or S3's
 * own), with a lifecycle rule on the prefix. Locally: files under
 * `.data/documents`, each sealed with AES-256-GCM under a key generated on
 * first use (`.data/documents/.key`, mode 0600).
 */
export interface StoredDocument {
  bytes: Uint8Array;
  contentType: string;
}

export interface DocumentStore {
  put(verificationId: string, document: StoredDocument): Promise<void>;
  get(verificationId: string): Promise<StoredDocument | undefined>;
}

export const DOCUMENTS_PREFIX = 'documents/';

const safeId = (id: string): string => {
  if (!/^v_[a-z0-9]{10,40}$/.test(id)) throw new Error(`not a verification id: ${id}`);
  return id;
};

export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string = DOCUMENTS_PREFIX,
    private readonly kmsKeyId?: string,
  ) {}

  async put(verificationId: string, document: StoredDocument): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: `${this.prefix}${safeId(verificationId)}`,
          Body: document.bytes,
          ContentType: document.contentType,
          ...(this.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.kmsKeyId } : { ServerSideEncryption: 'AES256' }),
        }),
      );
    } catch (e) {
      throw new DependencyUnavailableError('s3', 'Storing the document failed', { cause: e });
    }
  }

  async get(verificationId: string): Promise<StoredDocument | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${safeId(verificationId)}` }));
      const bytes = await out.Body?.transformToByteArray();
      return bytes ? { bytes, contentType: out.ContentType ?? 'application/octet-stream' } : undefined;
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
      throw new DependencyUnavailableError('s3', 'Reading the document failed', { cause: e });
    }
  }
}

/** File layout: 12-byte IV, 16-byte tag, then the ciphertext of `<contentType>\n<bytes>`. */
export class LocalDocumentStore implements DocumentStore {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly dir: string) {}

  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const file = join(this.dir, '.key');
      const existing = await readFile(file).catch(() => undefined);
      if (existing?.length === 32) return existing;
      const fresh = randomBytes(32);
      await writeFile(file, fresh, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
      await chmod(file, 0o600).catch(() => undefined);
      return (await readFile(file)).subarray(0, 32);
    })();
    return this.key;
  }

  async put(verificationId: string, document: StoredDocument): Promise<void> {
    const key = await this.loadKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(Buffer.from(`${document.contentType}\n`)), cipher.update(document.bytes), cipher.final()]);
    await writeFile(join(this.dir, safeId(verificationId)), Buffer.concat([iv, cipher.getAuthTag(), sealed]));
  }

  async get(verificationId: string): Promise<StoredDocument | undefined> {
    const file = await readFile(join(this.dir, safeId(verificationId))).catch(() => undefined);
    if (!file) return undefined;
    const key = await this.loadKey();
    const decipher = createDecipheriv('aes-256-gcm', key, file.subarray(0, 12));
    decipher.setAuthTag(file.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(file.subarray(28)), decipher.final()]);
    const newline = plain.indexOf(0x0a);
    return { contentType: plain.subarray(0, newline).toString('utf8'), bytes: new Uint8Array(plain.subarray(newline + 1)) };
  }
}

/** For a runtime without document access: any use throws (never a silent loss of evidence). */
export const unconfiguredDocumentStore: DocumentStore = {
  put: () => Promise.reject(new Error('No document store is configured in this runtime.')),
  get: () => Promise.reject(new Error('No document store is configured in this runtime.')),
};

/** Documents in memory, for tests that call handlers directly. */
export class MemoryDocumentStore implements DocumentStore {
  readonly items = new Map<string, StoredDocument>();

  async put(verificationId: string, document: StoredDocument): Promise<void> {
    this.items.set(safeId(verificationId), { bytes: new Uint8Array(document.bytes), contentType: document.contentType });
  }

  async get(verificationId: string): Promise<StoredDocument | undefined> {
    return this.items.get(safeId(verificationId));
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';

/**
 * The submitted documents, kept for the reviewers (API.md, "The submitted
 * document is kept, encrypted at rest"). On AWS: the uploads bucket under
 * DOCUMENTS_PREFIX, encrypted by S3 (SSE-KMS with the bucket's key, or S3's
 * own), with a lifecycle rule on the prefix. Locally: files under
 * `.data/documents`, each sealed with AES-256-GCM under a key generated on
 * first use (`.data/documents/.key`, mode 0600).
 *
 * Beside them, the page images rendered for the console, keyed by the
 * document's sha256, the page and the resolution: same place, same
 * encryption, same lifecycle (`documents/pages/…` on AWS,
 * `.data/documents/pages/` locally).
 */
export interface StoredDocument {
  bytes: Uint8Array;
  contentType: string;
}

/** One rendered page of a document: by content, so every verification of the same file shares it. */
export interface PageImageKey {
  sha256: string;
  page: number;
  dpi: number;
}

export interface DocumentStore {
  put(verificationId: string, document: StoredDocument): Promise<void>;
  get(verificationId: string): Promise<StoredDocument | undefined>;
  putPage(key: PageImageKey, image: StoredDocument): Promise<void>;
  getPage(key: PageImageKey): Promise<StoredDocument | undefined>;
}

export const DOCUMENTS_PREFIX = 'documents/';

const safeId = (id: string): string => {
  if (!/^v_[a-z0-9]{10,40}$/.test(id)) throw new Error(`not a verification id: ${id}`);
  return id;
};

/** `pages/<sha256>/<page>-<dpi>`: the only names a page image may have. */
export const pageImageName = ({ sha256, page, dpi }: PageImageKey): string => {
  if (!/^[a-f0-9]{64}$/.test(sha256) || !Number.isInteger(page) || page < 1 || !Number.isInteger(dpi) || dpi < 1) {
    throw new Error(`not a page image key: ${sha256} ${page} ${dpi}`);
  }
  return `pages/${sha256}/${page}-${dpi}`;
};

export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string = DOCUMENTS_PREFIX,
    private readonly kmsKeyId?: string,
  ) {}

  put(verificationId: string, document: StoredDocument): Promise<void> {
    return this.putObject(safeId(verificationId), document, 'Storing the document failed');
  }

  get(verificationId: string): Promise<StoredDocument | undefined> {
    return this.getObject(safeId(verificationId), 'Reading the document failed');
  }

  putPage(key: PageImageKey, image: StoredDocument): Promise<void> {
    return this.putObject(pageImageName(key), image, 'Storing the page image failed');
  }

  getPage(key: PageImageKey): Promise<StoredDocument | undefined> {
    return this.getObject(pageImageName(key), 'Reading the page image failed');
  }

  private async putObject(name: string, document: StoredDocument, failure: string): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: `${this.prefix}${name}`,
          Body: document.bytes,
          ContentType: document.contentType,
          ...(this.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.kmsKeyId } : { ServerSideEncryption: 'AES256' }),
        }),
      );
    } catch (e) {
      throw new DependencyUnavailableError('s3', failure, { cause: e });
    }
  }

  private async getObject(name: string, failure: string): Promise<StoredDocument | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${name}` }));
      const bytes = await out.Body?.transformToByteArray();
      return bytes ? { bytes, contentType: out.ContentType ?? 'application/octet-stream' } : undefined;
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
      throw new DependencyUnavailableError('s3', failure, { cause: e });
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

  put(verificationId: string, document: StoredDocument): Promise<void> {
    return this.seal(join(this.dir, safeId(verificationId)), document);
  }

  get(verificationId: string): Promise<StoredDocument | undefined> {
    return this.open(join(this.dir, safeId(verificationId)));
  }

  async putPage(key: PageImageKey, image: StoredDocument): Promise<void> {
    const file = join(this.dir, pageImageName(key));
    await mkdir(dirname(file), { recursive: true });
    // Written aside and renamed: a reader never sees half a page, and two renders of one page just race to the same bytes.
    const partial = `${file}.${randomBytes(6).toString('hex')}.part`;
    await this.seal(partial, image);
    await rename(partial, file);
  }

  getPage(key: PageImageKey): Promise<StoredDocument | undefined> {
    return this.open(join(this.dir, pageImageName(key)));
  }

  private async seal(file: string, document: StoredDocument): Promise<void> {
    const key = await this.loadKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(Buffer.from(`${document.contentType}\n`)), cipher.update(document.bytes), cipher.final()]);
    await writeFile(file, Buffer.concat([iv, cipher.getAuthTag(), sealed]));
  }

  private async open(path: string): Promise<StoredDocument | undefined> {
    const file = await readFile(path).catch(() => undefined);
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
  putPage: () => Promise.reject(new Error('No document store is configured in this runtime.')),
  getPage: () => Promise.reject(new Error('No document store is configured in this runtime.')),
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

  async putPage(key: PageImageKey, image: StoredDocument): Promise<void> {
    this.items.set(pageImageName(key), { bytes: new Uint8Array(image.bytes), contentType: image.contentType });
  }

  async getPage(key: PageImageKey): Promise<StoredDocument | undefined> {
    return this.items.get(pageImageName(key));
  }
}

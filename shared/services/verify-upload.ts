import type { Principal } from '#shared/domain/api-key.ts';
import { DependencyUnavailableError, DomainError, VerificationNotFoundError } from '#shared/domain/errors.ts';
import type { TextractCompletion } from '#shared/domain/textract-completion.ts';
import type { Submission } from '#shared/domain/verification.ts';
import { sha256Hex } from '#shared/intake/hash.ts';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Repositories } from '#shared/store/repositories.ts';
import type { OcrEngineChoice } from '#shared/text/select-engine.ts';
import { getTextractJobResult, type S3DocumentRef } from '#shared/text/textract.ts';
import { readUploadedDocument, type OcrDeps } from './read-document.ts';
import type { ReferenceDataCache } from './reference-data.ts';
import type { DocumentStore } from '#shared/store/document-store.ts';
import { keepDocument } from './keep-document.ts';
import { verificationIdOfKey } from './uploads.ts';
import { verifyReading } from './verify-document.ts';

export interface UploadDeps {
  repos: Pick<Repositories, 'verifications'>;
  reference: ReferenceDataCache;
  ocr: OcrDeps;
  /** Where the file is kept for the reviewers. */
  documents: DocumentStore;
}

/**
 * The asynchronous half of POST /uploads, which reads documents (OCR): kept
 * apart from uploads.ts so that the create-upload function bundles no OCR.
 */

/**
 * Verifies an uploaded file for its PENDING placeholder. A refused file
 * (too large, disguised, corrupt…) makes the placeholder REJECTED with the
 * problem; a dependency outage is thrown, so the event is retried and then
 * dead-lettered, and the placeholder stays PENDING.
 */
export const verifyUpload = async (
  deps: UploadDeps,
  verificationId: string,
  bytes: Uint8Array,
  s3Object?: S3DocumentRef,
  options: { engine?: OcrEngineChoice; textract?: false } = {},
): Promise<'verified' | 'rejected' | 'ignored' | 'textract-started'> => {
  const pending = await deps.repos.verifications.get(verificationId);
  if (!pending) throw new VerificationNotFoundError(`No pending verification ${verificationId}.`);
  if (!('status' in pending) || pending.status !== 'PENDING' || !pending.submittedBy) return 'ignored';
  try {
    const reading = await readUploadedDocument(deps.ocr, bytes, { ...(s3Object ? { s3Object, jobTag: verificationId } : {}) }, options);
    // A multi-page file went to Textract's asynchronous API: its completion (SNS) resumes here.
    if ('textractJob' in reading) return 'textract-started';
    const { keyId, role, platformId } = pending.submittedBy;
    const principal: Principal = { keyId, role: role as Principal['role'], ...(platformId ? { platformId } : {}) };
    await keepDocument(deps.documents, verificationId, bytes, reading);
    // Bound for the review queue, its first pages are rendered from the table's stream (services/pages-ahead.ts).
    await verifyReading(deps, reading, pending.submission as Submission, principal, { verificationId });
    return 'verified';
  } catch (e) {
    // A refused file is the file's fault: record why. An outage, or a bug, is retried by the event.
    if (!(e instanceof DomainError) || e instanceof DependencyUnavailableError) throw e;
    await deps.repos.verifications.reject(verificationId, { code: e.code, detail: e.message });
    return 'rejected';
  }
};


/**
 * Resumes an upload after its Textract job: the result goes into the cache
 * under the document's sha256 and the upload is verified again, which now
 * reads the cached text instead of calling Textract. A failed job falls back
 * to the local engines rather than failing the verification: `auto` without
 * Textract, i.e. the better local engine (PaddleOCR, tesseract as its fallback).
 */
export const resumeAfterTextract = async (
  deps: UploadDeps,
  completion: TextractCompletion,
  bytes: Uint8Array,
): Promise<Awaited<ReturnType<typeof verifyUpload>>> => {
  const verificationId = completion.JobTag ?? verificationIdOfKey(completion.DocumentLocation.S3ObjectName);
  if (!verificationId) throw new VerificationNotFoundError(`Textract job ${completion.JobId} names no verification.`);
  const pending = await deps.repos.verifications.get(verificationId);
  if (!pending || !('status' in pending) || pending.status !== 'PENDING') return 'ignored';
  const s3Object = { bucket: completion.DocumentLocation.S3Bucket, key: completion.DocumentLocation.S3ObjectName };
  if (completion.Status === 'FAILED' || completion.Status === 'ERROR') {
    return verifyUpload(deps, verificationId, bytes, undefined, { textract: false });
  }
  const { textract } = deps.ocr;
  if (!textract) throw new DependencyUnavailableError('textract', 'A Textract completion arrived but this runtime has no Textract client');
  const api = /Analysis/.test(completion.API) ? 'analysis' : 'text';
  const outcome = await getTextractJobResult({ jobId: completion.JobId, api }, { client: textract.client, features: textract.features });
  if (outcome.status !== 'SUCCEEDED') return verifyUpload(deps, verificationId, bytes, undefined, { textract: false });
  await textract.cache.put(sha256Hex(bytes), 'textract', outcome.result);
  return verifyUpload(deps, verificationId, bytes, s3Object);
};

/** The bytes of an uploaded object; an S3 failure is a dependency outage (the event is retried). */
const objectBytes = async (s3: S3Client, bucket: string, key: string): Promise<Uint8Array | undefined> => {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body?.transformToByteArray();
  } catch (error) {
    throw new DependencyUnavailableError('s3', `Reading s3://${bucket}/${key} failed`, { cause: error });
  }
};

/** S3 ObjectCreated → the upload's verification; keys that are not uploads are ignored. */
export const verifyUploadedObject = async (
  deps: UploadDeps & { s3: S3Client },
  bucket: string,
  encodedKey: string,
): Promise<Awaited<ReturnType<typeof verifyUpload>>> => {
  const key = decodeURIComponent(encodedKey.replace(/\+/g, ' '));
  const verificationId = verificationIdOfKey(encodedKey);
  if (!verificationId) return 'ignored';
  const bytes = await objectBytes(deps.s3, bucket, key);
  if (!bytes) return 'ignored';
  return verifyUpload(deps, verificationId, bytes, { bucket, key });
};

/** Textract's SNS completion → read the document again and finish its verification. */
export const resumeFromCompletion = async (
  deps: UploadDeps & { s3: S3Client },
  completion: TextractCompletion,
): Promise<Awaited<ReturnType<typeof verifyUpload>>> => {
  const { S3Bucket: bucket, S3ObjectName: key } = completion.DocumentLocation;
  const bytes = await objectBytes(deps.s3, bucket, key);
  if (!bytes) throw new DependencyUnavailableError('s3', `s3://${bucket}/${key} has no body`);
  return resumeAfterTextract(deps, completion, bytes);
};

import type { Principal } from '#shared/domain/api-key.ts';
import { DomainError, TextractJobStartedError, VerificationNotFoundError } from '#shared/domain/errors.ts';
import { toProblem } from '#shared/http/error-map.ts';
import { sha256Hex } from '#shared/intake/hash.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { OcrEngineChoice } from '#shared/text/select-engine.ts';
import { getTextractJobResult, textractFeaturesFromEnv, type S3DocumentRef } from '#shared/text/textract.ts';
import { readDocument, textractCache, textractClient } from './read-document.ts';
import type { ReferenceDataCache } from './reference-data.ts';
import type { DocumentStore } from '#shared/store/document-store.ts';
import { keepDocument } from './keep-document.ts';
import { verificationIdOfKey } from './uploads.ts';
import { verifyReading, type Submission } from './verify-document.ts';

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
  deps: { repos: Pick<Repositories, 'verifications'>; reference: ReferenceDataCache; documents?: DocumentStore },
  verificationId: string,
  bytes: Uint8Array,
  s3Object?: S3DocumentRef,
  options: { engine?: OcrEngineChoice } = {},
): Promise<'verified' | 'rejected' | 'ignored' | 'textract-started'> => {
  const pending = await deps.repos.verifications.get(verificationId);
  if (!pending) throw new VerificationNotFoundError(`No pending verification ${verificationId}.`);
  if (!('status' in pending) || pending.status !== 'PENDING' || !pending.submittedBy) return 'ignored';
  try {
    const reading = await readDocument(bytes, {
      ...(s3Object ? { s3Object, jobTag: verificationId } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
    });
    const { keyId, role, platformId } = pending.submittedBy;
    const principal: Principal = { keyId, role: role as Principal['role'], ...(platformId ? { platformId } : {}) };
    if (deps.documents) await keepDocument(deps.documents, verificationId, bytes, reading);
    await verifyReading(deps, reading, pending.submission as Submission, principal, { verificationId });
    return 'verified';
  } catch (e) {
    if (e instanceof TextractJobStartedError) return 'textract-started';
    const problem = toProblem(e);
    if (!(e instanceof DomainError) || !problem || problem.status >= 500) throw e;
    await deps.repos.verifications.reject(verificationId, { status: problem.status, code: problem.code, detail: problem.detail });
    return 'rejected';
  }
};

/** The message Textract publishes to SNS when an asynchronous job ends. */
export interface TextractCompletion {
  JobId: string;
  Status: 'SUCCEEDED' | 'FAILED' | 'ERROR' | 'PARTIAL_SUCCESS';
  API: string;
  JobTag?: string;
  DocumentLocation: { S3ObjectName: string; S3Bucket: string };
}

/**
 * Resumes an upload after its Textract job: the result goes into the cache
 * under the document's sha256 and the upload is verified again, which now
 * reads the cached text instead of calling Textract. A failed job falls back
 * to tesseract rather than failing the verification.
 */
export const resumeAfterTextract = async (
  deps: { repos: Pick<Repositories, 'verifications'>; reference: ReferenceDataCache; documents?: DocumentStore },
  completion: TextractCompletion,
  bytes: Uint8Array,
): Promise<Awaited<ReturnType<typeof verifyUpload>>> => {
  const verificationId = completion.JobTag ?? verificationIdOfKey(completion.DocumentLocation.S3ObjectName);
  if (!verificationId) throw new VerificationNotFoundError(`Textract job ${completion.JobId} names no verification.`);
  const pending = await deps.repos.verifications.get(verificationId);
  if (!pending || !('status' in pending) || pending.status !== 'PENDING') return 'ignored';
  const s3Object = { bucket: completion.DocumentLocation.S3Bucket, key: completion.DocumentLocation.S3ObjectName };
  if (completion.Status === 'FAILED' || completion.Status === 'ERROR') {
    return verifyUpload(deps, verificationId, bytes, undefined, { engine: 'tesseract' });
  }
  const api = /Analysis/.test(completion.API) ? 'analysis' : 'text';
  const outcome = await getTextractJobResult({ jobId: completion.JobId, api }, { client: textractClient(), features: textractFeaturesFromEnv() });
  if (outcome.status !== 'SUCCEEDED') return verifyUpload(deps, verificationId, bytes, undefined, { engine: 'tesseract' });
  await textractCache().put(sha256Hex(bytes), 'textract', outcome.result);
  return verifyUpload(deps, verificationId, bytes, s3Object);
};

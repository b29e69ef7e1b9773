import { createHmac, timingSafeEqual } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Principal } from '#shared/domain/api-key.ts';
import { DomainError, VerificationNotFoundError } from '#shared/domain/errors.ts';
import { toProblem } from '#shared/http/error-map.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { S3DocumentRef } from '#shared/text/textract.ts';
import { readDocument } from './read-document.ts';
import type { ReferenceDataCache } from './reference-data.ts';
import { newVerificationId, verifyReading, type Submission } from './verify-document.ts';

export const UPLOAD_URL_TTL_SECONDS = 15 * 60;
export const uploadsPrefix = (): string => process.env.UPLOADS_PREFIX ?? 'uploads/';
export const verificationIdOfKey = (key: string): string | undefined =>
  /^(?:.*\/)?(v_[a-z0-9]{10,40})$/.exec(decodeURIComponent(key.replace(/\+/g, ' ')))?.[1];

let s3: S3Client | undefined;

/** The local runtime signs its own upload URLs; the secret never leaves the process. */
const localToken = (verificationId: string): string =>
  createHmac('sha256', process.env.LOCAL_UPLOAD_SECRET ?? 'local').update(verificationId).digest('base64url');

export const validLocalToken = (verificationId: string, token: string): boolean => {
  const expected = Buffer.from(localToken(verificationId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/**
 * POST /uploads: a PENDING placeholder that remembers who submitted what, and
 * a URL to PUT the file to. On AWS it is a presigned S3 PUT under
 * UPLOADS_PREFIX, whose ObjectCreated event runs verify-upload; locally
 * (LOCAL_UPLOAD_BASE_URL) the runtime serves the URL itself.
 */
export const createUpload = async (
  repos: Pick<Repositories, 'verifications'>,
  submission: Submission,
  principal: Principal,
  now = new Date(),
): Promise<{ verificationId: string; uploadUrl: string; expiresAt: string }> => {
  const verificationId = newVerificationId(now);
  await repos.verifications.putPending({
    verificationId,
    status: 'PENDING',
    createdAt: now.toISOString(),
    submittedBy: { keyId: principal.keyId, role: principal.role, ...(principal.platformId ? { platformId: principal.platformId } : {}) },
    submission: { ...submission },
  });
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  const localBase = process.env.LOCAL_UPLOAD_BASE_URL;
  if (localBase) {
    return { verificationId, uploadUrl: `${localBase}/_local/uploads/${verificationId}?token=${localToken(verificationId)}`, expiresAt };
  }
  s3 ??= new S3Client({});
  const uploadUrl = await getSignedUrl(
    s3,
    new PutObjectCommand({ Bucket: process.env.UPLOADS_BUCKET, Key: `${uploadsPrefix()}${verificationId}` }),
    { expiresIn: UPLOAD_URL_TTL_SECONDS },
  );
  return { verificationId, uploadUrl, expiresAt };
};

/**
 * Verifies an uploaded file for its PENDING placeholder. A refused file
 * (too large, disguised, corrupt…) makes the placeholder REJECTED with the
 * problem; a dependency outage is thrown, so the event is retried and then
 * dead-lettered, and the placeholder stays PENDING.
 */
export const verifyUpload = async (
  deps: { repos: Pick<Repositories, 'verifications'>; reference: ReferenceDataCache },
  verificationId: string,
  bytes: Uint8Array,
  s3Object?: S3DocumentRef,
): Promise<'verified' | 'rejected' | 'ignored'> => {
  const pending = await deps.repos.verifications.get(verificationId);
  if (!pending) throw new VerificationNotFoundError(`No pending verification ${verificationId}.`);
  if (!('status' in pending) || pending.status !== 'PENDING' || !pending.submittedBy) return 'ignored';
  try {
    const reading = await readDocument(bytes, s3Object ? { s3Object } : {});
    const { keyId, role, platformId } = pending.submittedBy;
    const principal: Principal = { keyId, role: role as Principal['role'], ...(platformId ? { platformId } : {}) };
    await verifyReading(deps, reading, pending.submission as Submission, principal, { verificationId });
    return 'verified';
  } catch (e) {
    const problem = toProblem(e);
    if (!(e instanceof DomainError) || !problem || problem.status >= 500) throw e;
    await deps.repos.verifications.reject(verificationId, { status: problem.status, code: problem.code, detail: problem.detail });
    return 'rejected';
  }
};

import { createHmac, timingSafeEqual } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Principal } from '#shared/domain/api-key.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { newVerificationId } from './verification-id.ts';
import type { Submission } from './verify-document.ts';

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

import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Principal } from '#shared/domain/api-key.ts';
import { VERIFICATION_ID_PATTERN } from '#shared/domain/common.ts';
import type { Submission } from '#shared/domain/verification.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { newVerificationId } from './verification-id.ts';

export const UPLOAD_URL_TTL_SECONDS = 15 * 60;

const UPLOAD_KEY = new RegExp(`^(?:.*/)?(${VERIFICATION_ID_PATTERN.source})$`);
/** The verification an S3 object key (URL-encoded as in S3 events) belongs to. */
export const verificationIdOfKey = (key: string): string | undefined => UPLOAD_KEY.exec(decodeURIComponent(key.replace(/\+/g, ' ')))?.[1];

/** Where the client PUTs the file of an upload: a presigned S3 URL on AWS, the local runtime's own URL locally. */
export interface UploadUrls {
  urlFor(verificationId: string, expiresInSeconds: number): Promise<string>;
}

/** Presigned S3 PUTs under the uploads prefix; the ObjectCreated event runs verify-upload. */
export const s3UploadUrls = (s3: S3Client, bucket: string, prefix: string): UploadUrls => ({
  urlFor: (verificationId, expiresIn) =>
    getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${verificationId}` }), { expiresIn }),
});

/**
 * POST /uploads: a PENDING placeholder that remembers who submitted what, and
 * a URL to PUT the file to.
 */
export const createUpload = async (
  deps: { repos: Pick<Repositories, 'verifications'>; uploadUrls: UploadUrls },
  submission: Submission,
  principal: Principal,
  now = new Date(),
): Promise<{ verificationId: string; uploadUrl: string; expiresAt: string }> => {
  const verificationId = newVerificationId(now);
  await deps.repos.verifications.putPending({
    verificationId,
    status: 'PENDING',
    createdAt: now.toISOString(),
    submittedBy: { keyId: principal.keyId, role: principal.role, ...(principal.platformId ? { platformId: principal.platformId } : {}) },
    submission: { ...submission },
  });
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  return { verificationId, uploadUrl: await deps.uploadUrls.urlFor(verificationId, UPLOAD_URL_TTL_SECONDS), expiresAt };
};

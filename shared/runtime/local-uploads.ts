import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UploadUrls } from '#shared/services/uploads.ts';

/** The path the local runtime serves uploads under (local/upload-emulator.ts). */
export const LOCAL_UPLOAD_PATH = '/_local/uploads/';

/**
 * The local stand-in for S3 presigning: POST /uploads answers
 * `<baseUrl>/_local/uploads/<verificationId>?token=<HMAC>`, and the local
 * server accepts a PUT there only with that token. The secret comes from the
 * local root (shared/runtime/local-secrets.ts).
 */
export const localUploadUrls = (baseUrl: string, secret: string): UploadUrls & { valid(verificationId: string, token: string): boolean } => {
  const token = (verificationId: string) => createHmac('sha256', secret).update(verificationId).digest('base64url');
  return {
    urlFor: (verificationId) => Promise.resolve(`${baseUrl}${LOCAL_UPLOAD_PATH}${verificationId}?token=${token(verificationId)}`),
    valid: (verificationId, given) => {
      const expected = Buffer.from(token(verificationId));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
};

/** For runtimes that never create uploads (the CLI). */
export const noUploadUrls: UploadUrls = {
  urlFor: () => Promise.reject(new Error('This runtime does not create uploads.')),
};

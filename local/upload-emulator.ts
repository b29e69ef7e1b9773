import type { IncomingMessage, ServerResponse } from 'node:http';
import { DocumentTooLargeError, ForbiddenError } from '#shared/domain/errors.ts';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { verifyUpload } from '#shared/services/verify-upload.ts';
import { writeResult } from './http-adapter.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';

/**
 * The local stand-in for the presigned S3 PUT of POST /uploads and for the
 * ObjectCreated event behind it: a PUT with a valid token stores nothing
 * and hands the file to `verify` (in the background, as verify-upload does
 * on AWS): on this thread (inProcessUploads) or on an invocation thread.
 */
export const createUploadEmulator = (validToken: (verificationId: string, token: string) => boolean, verify: (verificationId: string, body: Buffer) => void) => ({
  async serve(req: IncomingMessage, res: ServerResponse, verificationId: string, token: string): Promise<void> {
    if (req.method !== 'PUT' || !validToken(verificationId, token)) {
      req.resume();
      throw new ForbiddenError('Invalid upload URL.');
    }
    const { maxBytes } = limitsFromEnv();
    let body: Buffer;
    try {
      body = await readBody(req, maxBytes);
    } catch (e) {
      if (e instanceof BodyTooLargeError) throw new DocumentTooLargeError(`The file is over ${maxBytes} bytes.`, { cause: e });
      throw e;
    }
    writeResult(res, { statusCode: 200, headers: {} });
    verify(verificationId, body);
  },
});

/** Upload verifications on this thread, tracked until they finish. */
export const inProcessUploads = (deps: Deps) => {
  const background = new Set<Promise<unknown>>();
  return {
    verify(verificationId: string, body: Buffer): void {
      const job = verifyUpload(deps, verificationId, body)
        .catch((error: unknown) => deps.logger.error('upload verification failed', { verificationId, error: error as Error }))
        .finally(() => background.delete(job));
      background.add(job);
    },
    /** Resolves when every background verification has finished. */
    async settled(): Promise<void> {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
};

import Busboy, { type BusboyInstance } from '@fastify/busboy';
import { MalformedRequestError, ValidationFailedError, DocumentTooLargeError } from '#shared/domain/errors.ts';
import { Submission, VerifyCredentialRequest, VerifyDocumentRequest, VerifyFieldsRequest, type TypedFields } from '#shared/domain/verification.ts';
import { bodyBytes, header, isJsonContentType, issuesOf } from './request.ts';
import type { HttpEvent } from './route.ts';

/** POST /verifications takes a file (multipart or base64 JSON) or typed-in fields. */
export type VerificationRequest =
  | { kind: 'document'; bytes: Uint8Array; filename?: string; contentType?: string; submission: Submission }
  | { kind: 'fields'; fields: TypedFields; submission: Submission }
  | { kind: 'credential'; credential: string; submission: Submission }
  | { kind: 'passport-url'; passportUrl: string; submission: Submission };

const rawBody = (event: HttpEvent): Buffer => {
  if (!event.body) throw new MalformedRequestError('The request has no body: send a multipart file, { document } or { fields }.');
  return bodyBytes(event);
};

const parseMultipart = (event: HttpEvent, contentType: string, maxBytes: number): Promise<VerificationRequest> =>
  new Promise((resolve, reject) => {
    let busboy: BusboyInstance;
    try {
      busboy = new Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 4096 } });
    } catch (e) {
      reject(new MalformedRequestError('The multipart body has no boundary.', { cause: e }));
      return;
    }
    // Every stream error (the parser's and each part's) settles the promise as a 400: an
    // 'error' event without a listener would take the whole process down.
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      reject(e instanceof MalformedRequestError || e instanceof DocumentTooLargeError || e instanceof ValidationFailedError
        ? e
        : new MalformedRequestError('The multipart body is malformed (is the closing boundary missing?).', { cause: e }));
    };
    const fields: Record<string, string> = {};
    let file: { bytes: Buffer; filename?: string; contentType?: string } | undefined;
    let tooLarge = false;
    busboy.on('field', (name: string, value: string) => {
      fields[name] = value;
    });
    busboy.on('file', (name: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, filename: string, _encoding: string, mimetype: string) => {
      stream.on('error', fail);
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        file = { bytes: Buffer.concat(chunks), ...(filename ? { filename } : {}), ...(mimetype ? { contentType: mimetype } : {}) };
      });
    });
    busboy.on('error', fail);
    busboy.on('finish', () => {
      if (tooLarge) return fail(new DocumentTooLargeError(`The file is over the ${maxBytes}-byte limit.`));
      if (!file) return fail(new MalformedRequestError('The multipart body has no "file" part.'));
      const submission = Submission.safeParse(fields);
      if (!submission.success) return fail(new ValidationFailedError('Invalid form fields.', issuesOf(submission.error, 'body')));
      if (settled) return;
      settled = true;
      resolve({ kind: 'document', ...file, submission: submission.data });
    });
    try {
      busboy.end(rawBody(event));
    } catch (e) {
      fail(e);
    }
  });

/** Turns the event into a verification request; 400 for a malformed body, 422 for invalid fields, 413 for a file over the limit. */
export const parseVerificationRequest = async (event: HttpEvent, maxBytes: number): Promise<VerificationRequest> => {
  const contentType = header(event, 'content-type') ?? '';
  if (/^multipart\/form-data/i.test(contentType)) return parseMultipart(event, contentType, maxBytes);
  if (!isJsonContentType(contentType)) {
    throw new MalformedRequestError('Send multipart/form-data with a "file" part, or JSON with { document } or { fields }.');
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody(event).toString('utf8'));
  } catch (e) {
    throw new MalformedRequestError('The body is not valid JSON.', { cause: e });
  }
  if (typeof json === 'object' && json !== null && 'fields' in json && !('document' in json)) {
    const parsed = VerifyFieldsRequest.safeParse(json);
    if (!parsed.success) throw new ValidationFailedError('Invalid fields request.', issuesOf(parsed.error, 'body'));
    const { fields, ...submission } = parsed.data;
    return { kind: 'fields', fields, submission };
  }
  if (typeof json === 'object' && json !== null && ('credential' in json || 'passportUrl' in json) && !('document' in json)) {
    const parsed = VerifyCredentialRequest.safeParse(json);
    if (!parsed.success) throw new ValidationFailedError('Send { credential: "<vc+jwt>" } or { passportUrl }.', issuesOf(parsed.error, 'body'));
    if ('credential' in parsed.data) {
      const { credential, ...submission } = parsed.data;
      return { kind: 'credential', credential, submission };
    }
    const { passportUrl, ...submission } = parsed.data;
    return { kind: 'passport-url', passportUrl, submission };
  }
  const parsed = VerifyDocumentRequest.safeParse(json);
  if (!parsed.success) throw new ValidationFailedError('Send { document: { contentBase64 } } or { fields }.', issuesOf(parsed.error, 'body'));
  const { document, ...submission } = parsed.data;
  const base64 = document.contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
    throw new ValidationFailedError('The document is not valid base64.', [{ path: 'body.document.contentBase64', message: 'not base64' }]);
  }
  if (Math.floor((base64.length * 3) / 4) > maxBytes + 2) throw new DocumentTooLargeError(`The file is over the ${maxBytes}-byte limit.`);
  return {
    kind: 'document',
    bytes: Buffer.from(base64, 'base64'),
    ...(document.filename ? { filename: document.filename } : {}),
    ...(document.contentType ? { contentType: document.contentType } : {}),
    submission,
  };
};

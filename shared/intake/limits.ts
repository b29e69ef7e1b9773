import { DocumentTooLargeError, EmptyDocumentError, TooManyPagesError } from '#shared/domain/errors.ts';

/** Per-document bounds on bytes, pages, time and pixels. Every engine honours them. */
export interface IntakeLimits {
  /** Largest accepted file, bytes (env MAX_DOCUMENT_BYTES, default 10 MB). */
  maxBytes: number;
  /** Most pages read (env MAX_DOCUMENT_PAGES, default 20). */
  maxPages: number;
  /** Wall-clock bound for opening and reading one document, OCR included (env DOCUMENT_TIMEOUT_MS, default 120 s). */
  timeoutMs: number;
  /** Largest decoded image handed to sharp, pixels (env MAX_IMAGE_PIXELS, default 100 MP). */
  maxPixels: number;
}

export const DEFAULT_LIMITS: IntakeLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPages: 20,
  timeoutMs: 120_000,
  maxPixels: 100_000_000,
} as const;

const positiveInt = (raw: string | undefined, fallback: number): number => {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export const limitsFromEnv = (env: NodeJS.ProcessEnv = process.env): IntakeLimits => ({
  maxBytes: positiveInt(env.MAX_DOCUMENT_BYTES, DEFAULT_LIMITS.maxBytes),
  maxPages: positiveInt(env.MAX_DOCUMENT_PAGES, DEFAULT_LIMITS.maxPages),
  timeoutMs: positiveInt(env.DOCUMENT_TIMEOUT_MS, DEFAULT_LIMITS.timeoutMs),
  maxPixels: positiveInt(env.MAX_IMAGE_PIXELS, DEFAULT_LIMITS.maxPixels),
});

export const assertSize = (bytes: Uint8Array, limits: Pick<IntakeLimits, 'maxBytes'>): void => {
  if (bytes.byteLength === 0) throw new EmptyDocumentError('The document is empty (0 bytes).');
  if (bytes.byteLength > limits.maxBytes) {
    throw new DocumentTooLargeError(
      `The document is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes} bytes.`,
    );
  }
};

export const assertPageCount = (pages: number, limits: Pick<IntakeLimits, 'maxPages'>): void => {
  if (pages > limits.maxPages) {
    throw new TooManyPagesError(`The document has ${pages} pages; the limit is ${limits.maxPages}.`);
  }
};

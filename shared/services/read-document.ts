import type { TextractClient } from '@aws-sdk/client-textract';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import { documentSandbox, sandboxEnabled, type DocumentSandbox } from '#shared/intake/sandbox.ts';
import type { TextResultCache } from '#shared/store/textract-result-cache.ts';
import type { OcrEngineChoice } from '#shared/text/select-engine.ts';
import type { S3DocumentRef, TextractFeature } from '#shared/text/textract.ts';
import { extractDocument, type ExtractedDocument, type ExtractOptions, type TextractSetup } from './extract-document.ts';
import { reconcileOcrReportNumber } from './reconcile-ocr.ts';
import type { Reading } from './verify-document.ts';

/**
 * Textract, where the composition root allows it (on AWS, or OCR_ENGINE=textract
 * locally). Its results are cached in the table by document sha256, so the same
 * bytes are never sent twice.
 */
export interface TextractDeps {
  client: TextractClient;
  cache: TextResultCache;
  features: TextractFeature[];
  /** Async jobs publish their completion here (AWS only). */
  notify?: { snsTopicArn: string; roleArn: string };
}

/** What reading a document depends on. */
export interface OcrDeps {
  textract?: TextractDeps;
  /** Default: OCR_ENGINE, else auto. */
  engine?: OcrEngineChoice;
  /** Where local engines read documents (default: the process's sandbox, see shared/intake/sandbox.ts). */
  sandbox?: DocumentSandbox;
}

const textractSetup = (textract: TextractDeps | undefined, s3Object?: S3DocumentRef, jobTag?: string): TextractSetup | undefined => {
  if (!textract) return undefined;
  const { notify, ...rest } = textract;
  return {
    ...rest,
    ...(s3Object ? { s3Object } : {}),
    ...(s3Object && jobTag && notify ? { notify: { ...notify, jobTag } } : {}),
  };
};

/** Reads a file into fields with the configured engines (OCR_ENGINE, TEXTRACT_FEATURES, the limits of shared/intake). */
export const readDocument = async (
  ocr: OcrDeps,
  bytes: Uint8Array,
  options: {
    filename?: string;
    contentType?: string;
    /** Where the file lies in S3 (uploads): multi-page documents may go to Textract's async API. */
    s3Object?: S3DocumentRef;
    /** With s3Object on AWS: the verification id, so that Textract's completion can resume it. */
    jobTag?: string;
    engine?: OcrEngineChoice;
    onProgress?: ExtractOptions['onProgress'];
    /** The caller's own time left (a handler's remaining time): the document's budget ends before it. */
    budgetMs?: number;
  } = {},
): Promise<Reading> => {
  const engine = options.engine ?? ocr.engine;
  const setup = engine === 'tesseract' ? undefined : textractSetup(ocr.textract, options.s3Object, options.jobTag);
  const base = limitsFromEnv();
  const limits = { ...base, timeoutMs: Math.max(1, Math.min(base.timeoutMs, options.budgetMs ?? Infinity)) };
  const plain = {
    ...(engine ? { engine } : {}),
    claimed: { ...(options.filename ? { filename: options.filename } : {}), ...(options.contentType ? { contentType: options.contentType } : {}) },
  };
  // Local engines read the file in the sandbox (worker threads with a heap budget, killed at the
  // deadline); the extraction itself stops 250 ms earlier so that it can answer TIMEOUT on its own.
  const sandbox = setup ? undefined : (ocr.sandbox ?? (sandboxEnabled() ? documentSandbox() : undefined));
  const extracted = sandbox
      ? await sandbox.run<ExtractedDocument>({
          module: new URL('./extract-document.ts', import.meta.url).href,
          export: 'extractDocument',
          args: [bytes, { ...plain, limits: { ...limits, timeoutMs: Math.max(1, limits.timeoutMs - 250) } }],
          timeoutMs: limits.timeoutMs,
          ...(options.onProgress ? { onProgress: options.onProgress as (e: unknown) => void } : {}),
        })
      : await extractDocument(bytes, {
          ...plain,
          limits,
          ...(setup ? { textract: setup } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
  return {
    fields: reconcileOcrReportNumber(extracted.fields, extracted.textSource),
    textSource: extracted.textSource,
    text: extracted.text,
    document: extracted.document,
    ...(extracted.forensics ? { forensics: extracted.forensics } : {}),
    qr: extracted.qr.map(({ payload, host }) => ({ payload, ...(host ? { host } : {}) })),
  };
};

import type { TextractClient } from '@aws-sdk/client-textract';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import { documentSandbox, sandboxEnabled, type DocumentSandbox } from '#shared/intake/sandbox.ts';
import type { TextResultCache } from '#shared/store/textract-result-cache.ts';
import { extractDocument, type ExtractedDocument, type ExtractOptions, type TextractJobStarted, type TextractSetup } from '#shared/text/read-document.ts';
import type { OcrEngineChoice } from '#shared/text/select-engine.ts';
import type { S3DocumentRef, TextractFeature } from '#shared/text/textract.ts';
import { reconcileReportNumber } from './reconcile-ocr.ts';
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

export interface ReadOptions {
  filename?: string;
  contentType?: string;
  engine?: OcrEngineChoice;
  /**
   * false: the local engines only, even where Textract is configured (`auto` then reads
   * with the better local engine per language: PaddleOCR, tesseract as its fallback).
   */
  textract?: boolean;
  onProgress?: ExtractOptions['onProgress'];
  /** The caller's own time left (a handler's remaining time): the document's budget ends before it. */
  budgetMs?: number;
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

const readingOf = (extracted: ExtractedDocument): Reading => {
  const { fields, reconciled } = reconcileReportNumber(extracted.fields, extracted.textSource, extracted.text);
  return {
    fields,
    textSource: extracted.textSource,
    text: extracted.text,
    document: extracted.document,
    ...(extracted.forensics ? { forensics: extracted.forensics } : {}),
    // Each code with the page it was found on (the qr-code check's evidence names it).
    qr: extracted.qr.map(({ payload, host, page }) => ({ payload, ...(host ? { host } : {}), page })),
    ...(reconciled ? { reportNumberReconciled: reconciled } : {}),
  };
};

const read = async (ocr: OcrDeps, bytes: Uint8Array, options: ReadOptions, s3Object?: S3DocumentRef, jobTag?: string): Promise<Reading | TextractJobStarted> => {
  const chosen = options.engine ?? ocr.engine;
  // Without Textract, an explicit `textract` means the local engines' best (auto).
  const engine = options.textract === false && chosen === 'textract' ? 'auto' : chosen;
  const setup = engine === 'tesseract' || engine === 'paddle' || options.textract === false ? undefined : textractSetup(ocr.textract, s3Object, jobTag);
  const base = limitsFromEnv();
  const limits = { ...base, timeoutMs: Math.max(1, Math.min(base.timeoutMs, options.budgetMs ?? Infinity)) };
  const plain = {
    ...(engine ? { engine } : {}),
    claimed: { ...(options.filename ? { filename: options.filename } : {}), ...(options.contentType ? { contentType: options.contentType } : {}) },
  };
  // Local engines read the file in the sandbox (worker threads with a heap budget, killed at the
  // deadline); the extraction itself stops earlier (10 %, 0.25–2 s) so that it answers TIMEOUT on
  // its own: a thread killed while onnxruntime runs on it takes the whole process down.
  const margin = Math.max(250, Math.min(2000, limits.timeoutMs * 0.1));
  const sandbox = setup ? undefined : (ocr.sandbox ?? (sandboxEnabled() ? documentSandbox() : undefined));
  const extracted = sandbox
    ? await sandbox.run<ExtractedDocument>({
        module: new URL('../text/read-document.ts', import.meta.url).href,
        export: 'extractDocument',
        args: [bytes, { ...plain, limits: { ...limits, timeoutMs: Math.max(1, limits.timeoutMs - margin) } }],
        timeoutMs: limits.timeoutMs,
        ...(options.onProgress ? { onProgress: options.onProgress as (e: unknown) => void } : {}),
      })
    : await extractDocument(bytes, {
        ...plain,
        limits,
        ...(setup ? { textract: setup } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
  return 'textractJob' in extracted ? extracted : readingOf(extracted);
};

/** Reads a file into fields with the configured engines (OCR_ENGINE, TEXTRACT_FEATURES, the limits of shared/intake). */
export const readDocument = async (ocr: OcrDeps, bytes: Uint8Array, options: ReadOptions = {}): Promise<Reading> => {
  const reading = await read(ocr, bytes, options);
  if ('textractJob' in reading) throw new Error('A Textract job started without a notification topic');
  return reading;
};

/**
 * Reads an uploaded file that lies in S3. On AWS a multi-page document may go to
 * Textract's asynchronous API: the job is then the result, and its completion (SNS,
 * with the verification id as the job tag) reads the file again.
 */
export const readUploadedDocument = (
  ocr: OcrDeps,
  bytes: Uint8Array,
  upload: { s3Object?: S3DocumentRef; jobTag?: string },
  options: ReadOptions = {},
): Promise<Reading | TextractJobStarted> => read(ocr, bytes, options, upload.s3Object, upload.s3Object ? upload.jobTag : undefined);

import { TextractClient } from '@aws-sdk/client-textract';
import { DynamoTextResultCache } from '#shared/store/textract-result-cache.ts';
import type { S3DocumentRef } from '#shared/text/textract.ts';
import { isAwsRuntime, ocrEngineFromEnv, type OcrEngineChoice } from '#shared/text/select-engine.ts';
import { textractFeaturesFromEnv } from '#shared/text/textract.ts';
import { limitsFromEnv } from '#shared/intake/limits.ts';
import { documentSandbox, sandboxEnabled } from '#shared/intake/sandbox.ts';
import { extractDocument, type ExtractedDocument, type ExtractOptions, type TextractSetup } from './extract-document.ts';
import { repositories } from './container.ts';
import { reconcileOcrReportNumber } from './reconcile-ocr.ts';
import type { Reading } from './verify-document.ts';

let textract: TextractClient | undefined;

/**
 * Textract, where it can run: on AWS, or anywhere OCR_ENGINE=textract asks for
 * it (endpoint resolution is left to the SDK, so AWS_ENDPOINT_URL_TEXTRACT
 * works). Its results are cached in the table by document sha256, so the same
 * bytes are never sent twice.
 */
const textractSetup = (s3Object?: S3DocumentRef, jobTag?: string): TextractSetup | undefined => {
  if (!isAwsRuntime() && ocrEngineFromEnv() !== 'textract') return undefined;
  const topic = process.env.TEXTRACT_SNS_TOPIC_ARN;
  const role = process.env.TEXTRACT_ROLE_ARN;
  return {
    client: textractClient(),
    cache: textractCache(),
    features: textractFeaturesFromEnv(),
    ...(s3Object ? { s3Object } : {}),
    ...(s3Object && jobTag && topic && role ? { notify: { snsTopicArn: topic, roleArn: role, jobTag } } : {}),
  };
};

/** Textract results by document sha256, in the table. */
export const textractCache = (): DynamoTextResultCache => {
  const { table } = repositories();
  return new DynamoTextResultCache(table.doc, table.name);
};

export const textractClient = (): TextractClient => (textract ??= new TextractClient({}));

/** Reads a file into fields with the configured engines (OCR_ENGINE, TEXTRACT_FEATURES, the limits of shared/intake). */
export const readDocument = async (
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
  const setup = options.engine === 'tesseract' ? undefined : textractSetup(options.s3Object, options.jobTag);
  const base = limitsFromEnv();
  const limits = { ...base, timeoutMs: Math.max(1, Math.min(base.timeoutMs, options.budgetMs ?? Infinity)) };
  const plain = {
    ...(options.engine ? { engine: options.engine } : {}),
    claimed: { ...(options.filename ? { filename: options.filename } : {}), ...(options.contentType ? { contentType: options.contentType } : {}) },
  };
  // Local engines read the file in the sandbox (worker threads with a heap budget, killed at the
  // deadline); the extraction itself stops 250 ms earlier so that it can answer TIMEOUT on its own.
  const extracted =
    !setup && sandboxEnabled()
      ? await documentSandbox().run<ExtractedDocument>({
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

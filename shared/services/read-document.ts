import type { TextractClient } from '@aws-sdk/client-textract';
import type { TextResultCache } from '#shared/store/textract-result-cache.ts';
import type { OcrEngineChoice } from '#shared/text/select-engine.ts';
import type { S3DocumentRef, TextractFeature } from '#shared/text/textract.ts';
import { extractDocument, type ExtractOptions, type TextractSetup } from './extract-document.ts';
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
  } = {},
): Promise<Reading> => {
  const engine = options.engine ?? ocr.engine;
  const setup = engine === 'tesseract' ? undefined : textractSetup(ocr.textract, options.s3Object, options.jobTag);
  const extracted = await extractDocument(bytes, {
    ...(engine ? { engine } : {}),
    claimed: { ...(options.filename ? { filename: options.filename } : {}), ...(options.contentType ? { contentType: options.contentType } : {}) },
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

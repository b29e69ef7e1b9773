import { TextractClient } from '@aws-sdk/client-textract';
import { DynamoTextResultCache } from '#shared/store/textract-result-cache.ts';
import type { S3DocumentRef } from '#shared/text/textract.ts';
import { isAwsRuntime, ocrEngineFromEnv, type OcrEngineChoice } from '#shared/text/select-engine.ts';
import { textractFeaturesFromEnv } from '#shared/text/textract.ts';
import { extractDocument, type ExtractOptions, type TextractSetup } from './extract-document.ts';
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
  } = {},
): Promise<Reading> => {
  const setup = options.engine === 'tesseract' ? undefined : textractSetup(options.s3Object, options.jobTag);
  const extracted = await extractDocument(bytes, {
    ...(options.engine ? { engine: options.engine } : {}),
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

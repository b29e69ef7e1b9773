import { TextractClient } from '@aws-sdk/client-textract';
import { DynamoTextResultCache } from '#shared/store/textract-result-cache.ts';
import type { S3DocumentRef } from '#shared/text/textract.ts';
import { isAwsRuntime, ocrEngineFromEnv } from '#shared/text/select-engine.ts';
import { textractFeaturesFromEnv } from '#shared/text/textract.ts';
import { extractDocument, type ExtractOptions, type TextractSetup } from './extract-document.ts';
import { repositories } from './container.ts';
import type { Reading } from './verify-document.ts';

let textract: TextractClient | undefined;

/**
 * Textract, where it can run: on AWS, or anywhere OCR_ENGINE=textract asks for
 * it (endpoint resolution is left to the SDK, so AWS_ENDPOINT_URL_TEXTRACT
 * works). Its results are cached in the table by document sha256, so the same
 * bytes are never sent twice.
 */
const textractSetup = (s3Object?: S3DocumentRef): TextractSetup | undefined => {
  if (!isAwsRuntime() && ocrEngineFromEnv() !== 'textract') return undefined;
  textract ??= new TextractClient({});
  const { table } = repositories();
  return {
    client: textract,
    cache: new DynamoTextResultCache(table.doc, table.name),
    features: textractFeaturesFromEnv(),
    ...(s3Object ? { s3Object } : {}),
  };
};

/** Reads a file into fields with the configured engines (OCR_ENGINE, TEXTRACT_FEATURES, the limits of shared/intake). */
export const readDocument = async (
  bytes: Uint8Array,
  options: { filename?: string; contentType?: string; s3Object?: S3DocumentRef; onProgress?: ExtractOptions['onProgress'] } = {},
): Promise<Reading> => {
  const setup = textractSetup(options.s3Object);
  const extracted = await extractDocument(bytes, {
    claimed: { ...(options.filename ? { filename: options.filename } : {}), ...(options.contentType ? { contentType: options.contentType } : {}) },
    ...(setup ? { textract: setup } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    fields: extracted.fields,
    textSource: extracted.textSource,
    text: extracted.text,
    document: extracted.document,
    ...(extracted.forensics ? { forensics: extracted.forensics } : {}),
    qr: extracted.qr.map(({ payload, host }) => ({ payload, ...(host ? { host } : {}) })),
  };
};

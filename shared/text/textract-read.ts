/**
 * Reading a document with Textract, whichever API fits: the sync API on the bytes of a
 * one-page file; with the file in S3, the async Start…/Get… API, either waiting for
 * the job or, with an SNS topic, starting it and returning the job (the completion
 * function resumes the verification); without S3, one sync call per page image.
 * Results are cached by the document's sha256: the same bytes never go twice.
 */
import type { TextractClient } from '@aws-sdk/client-textract';
import type { TextResultCache } from '#shared/store/textract-result-cache.ts';
import type { Deadline } from '#shared/intake/timeout.ts';
import type { PageImages } from './local-ocr.ts';
import {
  startTextractJob,
  textractDetectBytes,
  textractFeaturesFromEnv,
  waitForTextractJob,
  type S3DocumentRef,
  type TextractFeature,
  type TextractJobRef,
} from './textract.ts';
import type { TextEngine, TextPage, TextResult } from './types.ts';

export interface TextractSetup {
  client: TextractClient;
  /** sha256 → stored result: the same bytes never go to Textract twice. */
  cache?: TextResultCache;
  features?: TextractFeature[];
  /** Where the document already lies in S3: multi-page documents then go through the async Start…/Get… API. */
  s3Object?: S3DocumentRef;
  /**
   * With an S3 object: publish the job's completion to SNS instead of polling for it.
   * The job is started and returned as the result (`{ textractJob }`); the completion
   * function stores the text in the cache and reads again.
   */
  notify?: { snsTopicArn: string; roleArn: string; jobTag: string };
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A Textract job that will finish later (SNS): a result of reading, not a failure. */
export interface TextractJobStarted {
  textractJob: TextractJobRef;
}

export interface TextractReadOptions {
  /** The file itself may go to the sync API (one page, not a multi-page TIFF). */
  singlePageBytesOk: boolean;
  deadline: Deadline;
  onProgress?: (event: { stage: 'ocr'; page: number; pages: number; engine: TextEngine }) => void;
}

export const readWithTextract = async (
  bytes: Uint8Array,
  sha256: string,
  images: PageImages,
  setup: TextractSetup,
  options: TextractReadOptions,
): Promise<TextResult | TextractJobStarted> => {
  const cached = await setup.cache?.get(sha256);
  if (cached) return cached;
  const textract = { client: setup.client, features: setup.features ?? textractFeaturesFromEnv() };
  let result: TextResult;
  if (images.count <= 1 && options.singlePageBytesOk) {
    options.onProgress?.({ stage: 'ocr', page: 1, pages: 1, engine: 'textract' });
    result = await textractDetectBytes(bytes, textract);
  } else if (setup.s3Object && setup.notify) {
    const job = await startTextractJob(setup.s3Object, {
      ...textract,
      clientRequestToken: sha256.slice(0, 64),
      jobTag: setup.notify.jobTag,
      notificationChannel: { snsTopicArn: setup.notify.snsTopicArn, roleArn: setup.notify.roleArn },
    });
    return { textractJob: job };
  } else if (setup.s3Object) {
    const job = await startTextractJob(setup.s3Object, { ...textract, clientRequestToken: sha256.slice(0, 64) });
    result = await waitForTextractJob(job, {
      ...textract,
      maxWaitMs: options.deadline.remaining(),
      ...(setup.pollIntervalMs === undefined ? {} : { pollIntervalMs: setup.pollIntervalMs }),
      ...(setup.sleep ? { sleep: setup.sleep } : {}),
    });
  } else {
    // No S3 object: one sync call per page image (the same price per page as the async API).
    const pages: TextPage[] = [];
    const keyValues: TextResult['keyValues'] = [];
    for (let n = 1; n <= images.count; n++) {
      options.onProgress?.({ stage: 'ocr', page: n, pages: images.count, engine: 'textract' });
      const { bytes: pageBytes } = await images.get(n);
      const one = await textractDetectBytes(pageBytes, textract);
      pages.push({ pageNumber: n, lines: one.pages.flatMap((p) => p.lines) });
      keyValues.push(...one.keyValues.map((kv) => ({ ...kv, pageNumber: n })));
    }
    result = { engine: 'textract', pages, keyValues };
  }
  await setup.cache?.put(sha256, 'textract', result).catch(() => undefined);
  return result;
};

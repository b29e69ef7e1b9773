import {
  AnalyzeDocumentCommand,
  DetectDocumentTextCommand,
  GetDocumentAnalysisCommand,
  GetDocumentTextDetectionCommand,
  StartDocumentAnalysisCommand,
  StartDocumentTextDetectionCommand,
  type Block,
  type FeatureType,
  type TextractClient,
} from '@aws-sdk/client-textract';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { KeyValue, Line, TextPage, TextResult } from './types.ts';

/**
 * The `textract` engine (Amazon Textract). Cost drives the API choice:
 * DetectDocumentText ($1.50 / 1,000 pages) by default; AnalyzeDocument with FORMS
 * ($50 / 1,000) only when TEXTRACT_FEATURES=FORMS. One page → the sync API on the
 * bytes; several pages → the async Start…/Get… API on an S3 object.
 * The client is injected (built once per container); endpoint resolution is the
 * SDK's own, so AWS_ENDPOINT_URL_TEXTRACT / AWS_ENDPOINT_URL reach it.
 */

export type TextractFeature = 'FORMS';

/** `TEXTRACT_FEATURES=FORMS` opts in to key–value pairs; anything else keeps the cheap text detection. */
export const textractFeaturesFromEnv = (env: NodeJS.ProcessEnv = process.env): TextractFeature[] =>
  (env.TEXTRACT_FEATURES ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s): s is TextractFeature => s === 'FORMS');

export interface TextractOptions {
  /** Built by a composition root with its retry budget (shared/runtime/retry-budget.ts): the SDK's retries are the only ones. */
  client: TextractClient;
  features?: TextractFeature[];
}

const errorName = (error: unknown): string =>
  error instanceof Error ? error.name : typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';

/**
 * Sends one command. The client's own retry strategy has already retried
 * throttling and 5xx; whatever still fails is DependencyUnavailableError('textract'):
 * an outage is never a failed check.
 */
const send = async <T>(call: () => Promise<T>, what: string): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw new DependencyUnavailableError('textract', `Textract ${what} failed: ${errorName(error) || 'error'}`, { cause: error });
  }
};

// --- mapping ---------------------------------------------------------------

const boxOf = (b: Block): Line['box'] => {
  const bb = b.Geometry?.BoundingBox;
  return { left: bb?.Left ?? 0, top: bb?.Top ?? 0, width: bb?.Width ?? 0, height: bb?.Height ?? 0 };
};

const childText = (block: Block, byId: Map<string, Block>): string =>
  (block.Relationships ?? [])
    .filter((r) => r.Type === 'CHILD')
    .flatMap((r) => r.Ids ?? [])
    .map((id) => byId.get(id))
    .map((child) => {
      if (!child) return '';
      if (child.BlockType === 'WORD') return child.Text ?? '';
      if (child.BlockType === 'SELECTION_ELEMENT') return child.SelectionStatus === 'SELECTED' ? '[X]' : '[ ]';
      return '';
    })
    .filter((t) => t !== '')
    .join(' ');

/**
 * Maps Textract blocks to the common shape: LINE blocks become lines (in Textract's
 * reading order), KEY_VALUE_SET pairs (KEY → VALUE → CHILD WORD / SELECTION_ELEMENT)
 * become keyValues. Blocks without `Page` (sync responses) are page 1.
 */
export const textractBlocksToTextResult = (blocks: Block[], pageCount?: number): TextResult => {
  const byId = new Map<string, Block>();
  for (const b of blocks) if (b.Id) byId.set(b.Id, b);
  const pages = new Map<number, TextPage>();
  const pageOf = (n: number): TextPage => {
    let p = pages.get(n);
    if (!p) {
      p = { pageNumber: n, lines: [] };
      pages.set(n, p);
    }
    return p;
  };
  for (let n = 1; n <= (pageCount ?? 0); n++) pageOf(n);
  const keyValues: KeyValue[] = [];
  for (const b of blocks) {
    const pageNumber = b.Page ?? 1;
    if (b.BlockType === 'PAGE') pageOf(pageNumber);
    if (b.BlockType === 'LINE' && b.Text !== undefined && b.Text.trim() !== '') {
      pageOf(pageNumber).lines.push({ text: b.Text.trim(), confidence: (b.Confidence ?? 0) / 100, box: boxOf(b) });
    }
    if (b.BlockType === 'KEY_VALUE_SET' && b.EntityTypes?.includes('KEY')) {
      const key = childText(b, byId).trim();
      const valueBlocks = (b.Relationships ?? [])
        .filter((r) => r.Type === 'VALUE')
        .flatMap((r) => r.Ids ?? [])
        .map((id) => byId.get(id))
        .filter((v): v is Block => v !== undefined);
      const value = valueBlocks.map((v) => childText(v, byId)).join(' ').trim();
      if (key === '') continue;
      const confidence = Math.min(b.Confidence ?? 0, ...valueBlocks.map((v) => v.Confidence ?? 0)) / 100;
      keyValues.push({ key, value, confidence, pageNumber });
    }
  }
  return {
    engine: 'textract',
    pages: [...pages.values()].sort((a, b) => a.pageNumber - b.pageNumber),
    keyValues,
  };
};

// --- sync: one page of bytes ---------------------------------------------

/**
 * One page (an image, or a one-page PDF/TIFF) sent as bytes: DetectDocumentText, or
 * AnalyzeDocument with FORMS when opted in.
 */
export const textractDetectBytes = async (bytes: Uint8Array, options: TextractOptions): Promise<TextResult> => {
  const forms = (options.features ?? []).includes('FORMS');
  const response = forms
    ? await send(() => options.client.send(new AnalyzeDocumentCommand({ Document: { Bytes: bytes }, FeatureTypes: ['FORMS'] satisfies FeatureType[] })), 'AnalyzeDocument')
    : await send(() => options.client.send(new DetectDocumentTextCommand({ Document: { Bytes: bytes } })), 'DetectDocumentText');
  return textractBlocksToTextResult(response.Blocks ?? [], response.DocumentMetadata?.Pages);
};

// --- async: a multi-page document in S3 ------------------------------------

export interface S3DocumentRef {
  bucket: string;
  key: string;
  version?: string;
}

/** What a Lambda keeps between starting a job and collecting it (e.g. in the verification item or the SNS message's JobTag). */
export interface TextractJobRef {
  jobId: string;
  /** 'text' = Start/GetDocumentTextDetection; 'analysis' = Start/GetDocumentAnalysis (FORMS). */
  api: 'text' | 'analysis';
}

export interface StartJobOptions extends TextractOptions {
  /** Idempotency: the same token within 7 days returns the same JobId (we pass the sha256, ≤ 64 chars). */
  clientRequestToken?: string;
  /** Returned in the completion notification; we pass the verification id. */
  jobTag?: string;
  /** Where Textract publishes completion (SNS), for an event-driven Lambda instead of polling. */
  notificationChannel?: { snsTopicArn: string; roleArn: string };
}

/**
 * Starts an async job on a multi-page document in S3. Call from the S3-upload Lambda;
 * collect the result with getTextractJobResult from the SNS-triggered Lambda (or
 * waitForTextractJob to poll).
 */
export const startTextractJob = async (document: S3DocumentRef, options: StartJobOptions): Promise<TextractJobRef> => {
  const forms = (options.features ?? []).includes('FORMS');
  const common = {
    DocumentLocation: { S3Object: { Bucket: document.bucket, Name: document.key, ...(document.version ? { Version: document.version } : {}) } },
    ...(options.clientRequestToken ? { ClientRequestToken: options.clientRequestToken.slice(0, 64) } : {}),
    ...(options.jobTag ? { JobTag: options.jobTag.replace(/[^a-zA-Z0-9_.\-:]/gu, '_').slice(0, 64) } : {}),
    ...(options.notificationChannel
      ? { NotificationChannel: { SNSTopicArn: options.notificationChannel.snsTopicArn, RoleArn: options.notificationChannel.roleArn } }
      : {}),
  };
  const response = forms
    ? await send(() => options.client.send(new StartDocumentAnalysisCommand({ ...common, FeatureTypes: ['FORMS'] })), 'StartDocumentAnalysis')
    : await send(() => options.client.send(new StartDocumentTextDetectionCommand(common)), 'StartDocumentTextDetection');
  if (!response.JobId) throw new DependencyUnavailableError('textract', 'Textract returned no JobId');
  return { jobId: response.JobId, api: forms ? 'analysis' : 'text' };
};

export type TextractJobResult =
  | { status: 'IN_PROGRESS' }
  | { status: 'FAILED'; message: string }
  | { status: 'SUCCEEDED'; result: TextResult; warnings: string[] };

/**
 * Collects an async job: follows NextToken over every result page. IN_PROGRESS and
 * FAILED are returned, not thrown, so that the caller decides (re-queue, 503, fallback).
 * PARTIAL_SUCCESS counts as SUCCEEDED with warnings.
 */
export const getTextractJobResult = async (job: TextractJobRef, options: TextractOptions): Promise<TextractJobResult> => {
  const blocks: Block[] = [];
  const warnings: string[] = [];
  let pages: number | undefined;
  let nextToken: string | undefined;
  for (let round = 0; round < 10_000; round++) {
    const input = { JobId: job.jobId, MaxResults: 1000, ...(nextToken ? { NextToken: nextToken } : {}) };
    const response =
      job.api === 'analysis'
        ? await send(() => options.client.send(new GetDocumentAnalysisCommand(input)), 'GetDocumentAnalysis')
        : await send(() => options.client.send(new GetDocumentTextDetectionCommand(input)), 'GetDocumentTextDetection');
    if (response.JobStatus === 'IN_PROGRESS') return { status: 'IN_PROGRESS' };
    if (response.JobStatus === 'FAILED') return { status: 'FAILED', message: response.StatusMessage ?? 'Textract job failed' };
    if (response.JobStatus === 'PARTIAL_SUCCESS' && response.StatusMessage) warnings.push(response.StatusMessage);
    for (const w of response.Warnings ?? []) warnings.push(`${w.ErrorCode ?? 'WARNING'} on pages ${(w.Pages ?? []).join(',')}`);
    pages ??= response.DocumentMetadata?.Pages;
    blocks.push(...(response.Blocks ?? []));
    nextToken = response.NextToken;
    if (!nextToken) break;
  }
  return { status: 'SUCCEEDED', result: textractBlocksToTextResult(blocks, pages), warnings };
};

export interface WaitOptions extends TextractOptions {
  pollIntervalMs?: number;
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Polls getTextractJobResult until the job ends. FAILED or too slow → DependencyUnavailableError('textract'). */
export const waitForTextractJob = async (job: TextractJobRef, options: WaitOptions): Promise<TextResult> => {
  const interval = options.pollIntervalMs ?? 2000;
  const maxWait = options.maxWaitMs ?? 120_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let waited = 0; ; waited += interval) {
    const outcome = await getTextractJobResult(job, options);
    if (outcome.status === 'SUCCEEDED') return outcome.result;
    if (outcome.status === 'FAILED') {
      throw new DependencyUnavailableError('textract', `Textract job ${job.jobId} failed: ${outcome.message}`);
    }
    if (waited + interval > maxWait) {
      throw new DependencyUnavailableError('textract', `Textract job ${job.jobId} still in progress after ${maxWait} ms`);
    }
    await sleep(interval);
  }
};

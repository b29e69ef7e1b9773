import { createHash, randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import type { Principal } from '#shared/domain/api-key.ts';
import {
  BatchItemPendingError,
  DependencyUnavailableError,
  ForbiddenError,
  IdempotencyInProgressError,
  VerificationBatchNotFoundError,
} from '#shared/domain/errors.ts';
import {
  BatchItem,
  type BatchHeader,
  type BatchItemError,
  type BatchResultLine,
  type BatchStatus,
  type IndexedBatchItem,
} from '#shared/domain/verification-batch.ts';
import type { Verdict, Verification } from '#shared/domain/verification.ts';
import type { BatchChunkResult } from '#shared/store/batch-repository.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { getVerification } from './verifications.ts';
import { readTypedFields, verifyReading, type VerifyDeps } from './verify-document.ts';

/** Items per chunk: one worker invocation, one result item in the table. */
export const BATCH_CHUNK_SIZE = 100;

/** Attempts the AWS engine makes of a chunk (cdk/constructs/batches.ts); the last one records what is still unfinished. */
export const CHUNK_MAX_ATTEMPTS = 6;

/** What a batch carries to its workers besides the items. */
export interface BatchRun {
  batchId: string;
  createdAt: string;
  principal: Principal;
}

/**
 * Runs a submitted batch: on AWS a Step Functions Distributed Map over the
 * items written to S3 (batch-engine-aws.ts), locally a bounded in-process
 * pool (local/batch-engine.ts). Both call runBatchChunk for every chunk.
 */
export interface BatchEngine {
  start(run: BatchRun, items: IndexedBatchItem[]): Promise<void>;
}

/** A thrown error as an item's error line: the HTTP table's status and code (injected, so that shared/ never imports shared/http). */
export type DescribeError = (error: unknown) => BatchItemError | undefined;

const INTERNAL: BatchItemError = { status: 500, code: 'INTERNAL_ERROR' };
const UNAVAILABLE: BatchItemError = { status: 503, code: 'DEPENDENCY_UNAVAILABLE' };

const newBatchId = (now: Date): string =>
  `b_${now.getTime().toString(36).padStart(9, '0')}${randomBytes(9).toString('hex').slice(0, 14)}`;

/**
 * The verification id of a batch item, derived from the batch and the
 * index: a rerun of a chunk (a retry after a throttle or a crash) finds the
 * item's stored verification instead of verifying it a second time.
 */
export const batchItemVerificationId = (run: Pick<BatchRun, 'batchId' | 'createdAt'>, index: number): string =>
  `v_${new Date(run.createdAt).getTime().toString(36).padStart(9, '0')}${createHash('sha256').update(`${run.batchId}#${index}`).digest('hex').slice(0, 12)}`;

/** Each item validated on its own: an invalid item becomes its 422 line and the others run. */
export const indexItems = (items: unknown[]): IndexedBatchItem[] =>
  items.map((raw, index) => {
    const parsed = BatchItem.safeParse(raw);
    return parsed.success ? { index, item: parsed.data } : { index, invalid: { status: 422, code: 'VALIDATION_FAILED' } };
  });

/** POST /verification-batches: stores the header and hands the items to the engine. */
export const submitBatch = async (
  deps: { repos: Pick<Repositories, 'batches'>; engine: BatchEngine; now?: () => Date },
  items: unknown[],
  principal: Principal,
): Promise<{ batchId: string; total: number }> => {
  const now = deps.now?.() ?? new Date();
  const batchId = newBatchId(now);
  const createdAt = now.toISOString();
  const submittedBy = { keyId: principal.keyId, role: principal.role, ...(principal.platformId ? { platformId: principal.platformId } : {}) };
  await deps.repos.batches.putHeader({ batchId, total: items.length, createdAt, submittedBy });
  await deps.engine.start({ batchId, createdAt, principal }, indexItems(items));
  return { batchId, total: items.length };
};

const mayRead = (principal: Principal, header: BatchHeader): boolean =>
  principal.role === 'admin' ||
  principal.role === 'investigator' ||
  header.submittedBy.keyId === principal.keyId ||
  (principal.platformId !== undefined && header.submittedBy.platformId === principal.platformId);

const readableHeader = async (repos: Pick<Repositories, 'batches'>, batchId: string, principal: Principal): Promise<BatchHeader> => {
  const header = await repos.batches.getHeader(batchId);
  if (!header) throw new VerificationBatchNotFoundError(`No verification batch ${batchId}.`);
  if (!mayRead(principal, header)) throw new ForbiddenError('Only the submitting platform, investigators and admins may read a batch.');
  return header;
};

/** GET /verification-batches/{batchId}: the sum of the finished chunks' tallies. */
export const batchStatus = async (repos: Pick<Repositories, 'batches'>, batchId: string, principal: Principal): Promise<BatchStatus> => {
  const header = await readableHeader(repos, batchId, principal);
  const verdicts: Partial<Record<Verdict, number>> = {};
  let done = 0;
  let errors = 0;
  for (const tally of await repos.batches.tallies(batchId)) {
    done += tally.count;
    errors += tally.errors;
    for (const [verdict, n] of Object.entries(tally.verdicts) as Array<[Verdict, number]>) verdicts[verdict] = (verdicts[verdict] ?? 0) + n;
  }
  return { batchId, state: done >= header.total ? 'DONE' : 'RUNNING', total: header.total, done, verdicts, errors, createdAt: header.createdAt };
};

/** GET /verification-batches/{batchId}/results: the lines of the finished chunks, in item order. */
export const batchResults = async (repos: Pick<Repositories, 'batches'>, batchId: string, principal: Principal): Promise<BatchResultLine[]> => {
  await readableHeader(repos, batchId, principal);
  const chunks = await repos.batches.chunks(batchId);
  return chunks.flatMap((c) => c.lines).sort((a, b) => a.index - b.index);
};

export const toNdjson = (lines: readonly unknown[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

export interface ChunkDeps extends VerifyDeps {
  repos: Pick<Repositories, 'verifications' | 'batches'>;
  describeError: DescribeError;
  /** Reports an item that failed for a reason the HTTP table does not know (a bug): it becomes a 500 line. */
  onInternalError?: (error: unknown, index: number) => void;
}

export interface ChunkOptions {
  /** Items in flight at once; share one limiter across chunks to bound the whole pool. */
  limit?: ReturnType<typeof pLimit>;
  /**
   * What to do with an upload that is still PENDING, or an item whose store
   * stays unavailable after the retries here: 'wait' polls the upload (local
   * engine); 'retry' throws, so that the engine reruns the chunk later (Step
   * Functions' Retry); 'record' writes the item's error line (the last try).
   */
  unfinished?: 'wait' | 'retry' | 'record';
  /** How long 'wait' polls an upload before recording it as not verified (ms). */
  uploadWaitMs?: number;
  pollMs?: number;
  /** Backoff before each retry of an item whose store is unavailable (throttling); one retry per entry. */
  retryDelaysMs?: readonly number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const lineOf = (index: number, v: Verification): BatchResultLine => ({
  index,
  verificationId: v.verificationId,
  verdict: v.verdict,
  riskScore: v.riskScore,
  ...(v.reportNumber ? { reportNumber: v.reportNumber } : {}),
  ...(v.sellerId ? { sellerId: v.sellerId } : {}),
  ...(v.listingId ? { listingId: v.listingId } : {}),
});

/** A typed-in item: the single call's pipeline, under the item's own verification id. */
const verifyFieldsItem = async (deps: ChunkDeps, run: BatchRun, index: number, item: Extract<BatchItem, { fields: unknown }>): Promise<Verification> => {
  const verificationId = batchItemVerificationId(run, index);
  const { fields, ...submission } = item;
  try {
    return await verifyReading(deps, readTypedFields(fields), submission, run.principal, { verificationId });
  } catch (e) {
    if (!(e instanceof IdempotencyInProgressError)) throw e;
    // Stored by an earlier run of this chunk.
    const stored = await deps.repos.verifications.get(verificationId);
    if (!stored || !('verdict' in stored)) throw e;
    return stored;
  }
};

/** An uploaded file: its verification is the S3 event's (or the local runtime's); the batch reports it once it is done. */
const uploadItem = async (deps: ChunkDeps, run: BatchRun, item: Extract<BatchItem, { uploadId: string }>, options: ChunkOptions): Promise<Verification | BatchItemError> => {
  const deadline = Date.now() + (options.uploadWaitMs ?? 15 * 60_000);
  for (;;) {
    // getVerification reads only repos.verifications.
    const found = await getVerification(deps.repos as Repositories, item.uploadId, run.principal);
    if (!('status' in found) || (found.status !== 'PENDING' && found.status !== 'REJECTED')) return found as Verification;
    if (found.status === 'REJECTED') return { status: rejectedStatus(found.problem?.code), code: found.problem?.code ?? 'UPLOAD_REJECTED' };
    if (options.unfinished === 'retry') throw new BatchItemPendingError(`Upload ${item.uploadId} is still being verified.`);
    if (options.unfinished === 'record' || Date.now() > deadline) return { status: 504, code: 'UPLOAD_NOT_VERIFIED' };
    await sleep(options.pollMs ?? 250);
  }
};

/** A refused upload keeps only its code: too large → 413, not a supported file → 415, anything else about the file → 422. */
const rejectedStatus = (code: string | undefined): number =>
  code === 'DOCUMENT_TOO_LARGE' || code === 'TOO_MANY_PAGES' ? 413 : code === 'UNSUPPORTED_MEDIA_TYPE' || code === 'DISGUISED_FILE' ? 415 : 422;

const runItem = async (deps: ChunkDeps, run: BatchRun, entry: IndexedBatchItem, options: ChunkOptions): Promise<BatchResultLine> => {
  if ('invalid' in entry) return { index: entry.index, error: entry.invalid };
  const { index, item } = entry;
  const delays = options.retryDelaysMs ?? [200, 1000, 3000];
  for (let attempt = 0; ; attempt++) {
    try {
      const outcome = 'fields' in item ? await verifyFieldsItem(deps, run, index, item) : await uploadItem(deps, run, item, options);
      return 'verdict' in outcome ? lineOf(index, outcome) : { index, error: outcome };
    } catch (e) {
      if (e instanceof BatchItemPendingError) throw e;
      if (e instanceof DependencyUnavailableError) {
        const delay = delays[attempt];
        if (delay !== undefined) {
          await sleep(delay);
          continue;
        }
        if (options.unfinished === 'retry') throw e;
        return { index, error: UNAVAILABLE };
      }
      const described = deps.describeError(e);
      if (described) return { index, error: described };
      deps.onInternalError?.(e, index);
      return { index, error: INTERNAL };
    }
  }
};

/**
 * One chunk of a batch: every item through the same pipeline as a single
 * verification, a bounded number at a time; a failed item becomes its error
 * line and never fails the others. The chunk's lines and tally are stored
 * as one item. Throws only to ask the engine to run the chunk again later
 * (options.unfinished = 'retry'), or when the result cannot be stored.
 */
export const runBatchChunk = async (deps: ChunkDeps, run: BatchRun, items: IndexedBatchItem[], options: ChunkOptions = {}): Promise<BatchChunkResult> => {
  const limit = options.limit ?? pLimit(8);
  const lines = await Promise.all(items.map((entry) => limit(() => runItem(deps, run, entry, options))));
  lines.sort((a, b) => a.index - b.index);
  const verdicts: Partial<Record<Verdict, number>> = {};
  let errors = 0;
  for (const line of lines) {
    if ('error' in line) errors += 1;
    else verdicts[line.verdict] = (verdicts[line.verdict] ?? 0) + 1;
  }
  const chunk: BatchChunkResult = { first: lines[0]?.index ?? 0, count: lines.length, verdicts, errors, lines };
  await deps.repos.batches.putChunk(run.batchId, chunk);
  return chunk;
};

/** The items in chunks of BATCH_CHUNK_SIZE, in order. */
export const chunksOf = <T>(items: readonly T[], size = BATCH_CHUNK_SIZE): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Principal } from '#shared/domain/api-key.ts';
import { DependencyUnavailableError, DomainError } from '#shared/domain/errors.ts';
import type { Verdict, Verification } from '#shared/domain/verification.ts';
import type { CliIo } from './command.ts';
import { CliError, ExitCodes, type ExitCode } from './exit-codes.ts';
import { readInputFile } from './extract.ts';
import { progressBar } from './progress.ts';

export const VerdictExitCodes: Record<Verdict, number> = { AUTHENTIC: 0, SUSPICIOUS: 1, UNVERIFIABLE: 1, FRAUDULENT: 2 };

/** One line per file: the verdict, or why the file was not verified. */
export type FileResult =
  | { file: string; verificationId: string; verdict: Verdict; riskScore: number; reportNumber?: string; textSource: string; pages?: number }
  | { file: string; error: { code: string; message: string } };

export const formatFileResult = (r: FileResult): string =>
  'error' in r
    ? `${basename(r.file)}: not verified — ${r.error.code}: ${r.error.message}`
    : `${basename(r.file)}: ${r.verdict} (risk ${r.riskScore}/100)${r.reportNumber ? ` ${r.reportNumber}` : ''}  ${r.verificationId}`;

/** The exit code of many files: the worst verdict's; a file that could not be read or verified is worse (65, 66 if missing, 69 if the store is down). */
export const worstExitCode = (results: FileResult[]): ExitCode =>
  results.reduce<number>((worst, r) => {
    if (!('error' in r)) return Math.max(worst, VerdictExitCodes[r.verdict]);
    const code = r.error.code === 'NO_INPUT' ? ExitCodes.NO_INPUT : r.error.code === 'DEPENDENCY_UNAVAILABLE' ? ExitCodes.UNAVAILABLE : ExitCodes.DATA_ERROR;
    return Math.max(worst, code);
  }, ExitCodes.OK);

/**
 * `certverify verify <file> <file>…`: each file through the whole pipeline
 * against the local store. Reading (text layer, OCR) runs on a pool of worker
 * threads, one per core unless --concurrency says otherwise; the checks and
 * the store run on the main thread. A progress bar on stderr, one line per
 * file on stdout in the order given (NDJSON with --json).
 */
export const verifyMany = async (files: string[], options: { concurrency?: number; json: boolean; sellerId?: string; claimedProduct?: string }, io: CliIo, principal: Principal): Promise<ExitCode> => {
  const [{ openLocalStore }, { DocumentPool, PooledReadError }, { ReferenceDataCache }, { verifyReading }] = await Promise.all([
    import('#local/local-store.ts'),
    import('#local/document-pool.ts'),
    import('#shared/services/reference-data.ts'),
    import('#shared/services/verify-document.ts'),
  ]);
  const threads = Math.min(files.length, options.concurrency ?? availableParallelism());
  const store = await openLocalStore(resolve(io.env.CERTVERIFY_DATA_DIR ?? '.data'), io.env);
  const pool = new DocumentPool({ size: threads, ...(store.deps.ocr.engine ? { engine: store.deps.ocr.engine } : {}) });
  // Many files share the reference data (the per-file CLI reads it fresh).
  const deps = { ...store.deps, reference: new ReferenceDataCache(store.deps.repos, 60_000) };
  const submission = { ...(options.sellerId ? { sellerId: options.sellerId } : {}), ...(options.claimedProduct ? { claimedProduct: options.claimedProduct } : {}) };
  const progress = progressBar(io, files.length, 'files');
  const limit = pLimit(threads * 2);
  const results: FileResult[] = [];
  try {
    const one = async (file: string): Promise<FileResult> => {
      try {
        const bytes = await readInputFile(file).catch((e: unknown) => {
          throw e instanceof CliError ? Object.assign(e, { code: 'NO_INPUT' }) : e;
        });
        const reading = await pool.read(bytes, basename(file));
        const v: Verification = await verifyReading(deps, reading, submission, principal);
        return {
          file,
          verificationId: v.verificationId,
          verdict: v.verdict,
          riskScore: v.riskScore,
          ...(v.reportNumber ? { reportNumber: v.reportNumber } : {}),
          textSource: v.extracted.textSource,
          ...(v.document ? { pages: v.document.pages } : {}),
        };
      } catch (error) {
        const code =
          error instanceof PooledReadError
            ? (error.code ?? error.errorName)
            : error instanceof DomainError || error instanceof DependencyUnavailableError
              ? error.code
              : ((error as { code?: string }).code ?? 'ERROR');
        return { file, error: { code, message: error instanceof Error ? error.message : String(error) } };
      } finally {
        progress.tick();
      }
    };
    results.push(...(await Promise.all(files.map((f) => limit(() => one(f))))));
  } finally {
    progress.finish();
    await pool.close();
    await store.close();
  }
  for (const r of results) io.stdout(options.json ? `${JSON.stringify(r)}\n` : `${formatFileResult(r)}\n`);
  return worstExitCode(results);
};

import type { Principal } from '#shared/domain/api-key.ts';
import { ReportAlreadyRegisteredError } from '#shared/domain/errors.ts';
import { normaliseNumber } from '#shared/domain/normalise.ts';
import { RegisterReportInput } from '#shared/domain/report.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { RegisteredReport } from '#shared/domain/report.ts';
import { getIssuer, registerForKnownIssuer } from './registry.ts';

/** Conditional writes in flight at once. */
export const BATCH_CONCURRENCY = 16;

export interface BatchItemResult {
  index: number;
  reportNumber?: string;
  status: 201 | 200 | 409 | 422;
  code?: string;
  errors?: Array<{ path: string; message: string }>;
  passport?: unknown;
}

const reportNumberOf = (item: unknown): string | undefined => {
  const n = (item as { reportNumber?: unknown } | null)?.reportNumber;
  return typeof n === 'string' ? n.trim() : undefined;
};

/**
 * POST /issuers/{issuerId}/reports/batch. Every item has exactly the
 * semantics of the single call. Items under the same report number are
 * written one after another in array order (so a repeat of an earlier item is
 * 200 and other content under its number 409, as if sent one by one); items
 * under different numbers are independent, so those chains run in parallel,
 * at most BATCH_CONCURRENCY conditional writes at a time. An invalid item is
 * 422 with its validation issues and never stops the others; a store outage
 * is thrown (503) and the batch may be sent again, since every item is
 * idempotent. A 201 or 200 item carries the report's digital passport
 * `{ url, credential }`, as the single call's body does (`passportOf`: the
 * single call's issuePassport, which issues it once and returns it after).
 */
export const registerBatch = async (
  repos: Repositories,
  issuerId: string,
  items: readonly unknown[],
  principal: Principal,
  passportOf?: (report: RegisteredReport) => Promise<unknown>,
): Promise<{ results: BatchItemResult[] }> => {
  await getIssuer(repos, issuerId);
  const results: BatchItemResult[] = new Array(items.length);
  const chains = new Map<string, Array<{ index: number; input: RegisterReportInput }>>();
  items.forEach((item, index) => {
    const parsed = RegisterReportInput.safeParse(item);
    const reportNumber = reportNumberOf(item);
    if (!parsed.success) {
      results[index] = {
        index,
        ...(reportNumber ? { reportNumber } : {}),
        status: 422,
        code: 'VALIDATION_FAILED',
        errors: parsed.error.issues.map((i) => ({ path: ['reports', index, ...i.path].join('.'), message: i.message })),
      };
      return;
    }
    const key = normaliseNumber(parsed.data.reportNumber);
    chains.set(key, [...(chains.get(key) ?? []), { index, input: parsed.data }]);
  });

  const runChain = async (chain: Array<{ index: number; input: RegisterReportInput }>) => {
    for (const { index, input } of chain) {
      try {
        const { report, created } = await registerForKnownIssuer(repos, issuerId, input, principal);
        const passport = passportOf ? await passportOf(report) : undefined;
        results[index] = { index, reportNumber: input.reportNumber, status: created ? 201 : 200, ...(passport ? { passport } : {}) };
      } catch (e) {
        if (!(e instanceof ReportAlreadyRegisteredError)) throw e;
        results[index] = { index, reportNumber: input.reportNumber, status: 409, code: e.code };
      }
    }
  };
  const queue = [...chains.values()];
  const worker = async () => {
    for (let chain = queue.shift(); chain; chain = queue.shift()) await runChain(chain);
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, queue.length) }, worker));
  return { results };
};

import { z } from 'zod';
import type { CheckResult, CheckStatus } from '#shared/domain/verification.ts';
import type { CheckContext, ContextPart } from './context.ts';

/**
 * A check is a small object (after oa-verify's verifier fragments):
 * `applies` says whether it has anything to look at, `run` judges.
 * Both are pure over the prefetched `CheckContext` and never do I/O.
 * `needs` names the prefetched parts it reads, so that run-checks can turn
 * it into an ERROR (never a FAIL) when the caller could not fetch them.
 */
export interface Check {
  readonly name: string;
  readonly needs: readonly ContextPart[];
  applies(ctx: CheckContext): boolean;
  run(ctx: CheckContext): CheckResult;
}

/** Codes of the results run-checks itself produces, for any check. */
export const RunCheckCodes = {
  NOT_APPLICABLE: 'NOT_APPLICABLE',
  DEPENDENCY_UNAVAILABLE: 'DEPENDENCY_UNAVAILABLE',
  CHECK_ERROR: 'CHECK_ERROR',
} as const;

const build = (name: string, status: CheckStatus, code: string, message: string, evidence?: unknown): CheckResult =>
  evidence === undefined ? { name, status, code, message } : { name, status, code, message, evidence };

/** Result builders bound to one check name: `const r = results(name); return r.pass(Codes.X, '…')`. */
export const results = (name: string) => ({
  pass: (code: string, message: string, evidence?: unknown) => build(name, 'PASS', code, message, evidence),
  fail: (code: string, message: string, evidence?: unknown) => build(name, 'FAIL', code, message, evidence),
  warn: (code: string, message: string, evidence?: unknown) => build(name, 'WARN', code, message, evidence),
  skipped: (code: string, message: string, evidence?: unknown) => build(name, 'SKIPPED', code, message, evidence),
  error: (code: string, message: string, evidence?: unknown) => build(name, 'ERROR', code, message, evidence),
});

// --- summary copy ------------------------------------------------------------

/** One piece of the verdict's summary, in English and Chinese. */
export interface Phrase {
  en: string;
  zh: string;
}

/**
 * How a check's results read in the verdict's summary (summary.ts): one entry
 * per code that can be decisive. An entry answers undefined when the result's
 * evidence is not the shape it reads; the summary then quotes the message.
 */
export type SummaryCopy = Readonly<Record<string, (r: CheckResult) => Phrase | undefined>>;

/** Copy that reads nothing of the result. */
export const says =
  (en: string, zh: string) =>
  (): Phrase => ({ en, zh });

/** Copy that reads the result's evidence, parsed with the schema the check writes it by. */
export const reads =
  <S extends z.ZodType>(schema: S, write: (evidence: z.infer<S>) => Phrase) =>
  (r: CheckResult): Phrase | undefined => {
    const parsed = schema.safeParse(r.evidence);
    return parsed.success ? write(parsed.data) : undefined;
  };

/** The evidence every result about the report number carries. */
export const ReportNumberEvidence = z.object({ reportNumber: z.string() });
export type ReportNumberEvidence = z.infer<typeof ReportNumberEvidence>;

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

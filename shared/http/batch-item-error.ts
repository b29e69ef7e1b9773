import type { BatchItemError } from '#shared/domain/verification-batch.ts';
import { toProblem } from './error-map.ts';

/** A batch item's error line from the one error → HTTP table: its status and stable code. */
export const batchItemError = (error: unknown): BatchItemError | undefined => {
  const problem = toProblem(error);
  return problem ? { status: problem.status, code: problem.code } : undefined;
};

import { DocumentProcessingTimeoutError } from '#shared/domain/errors.ts';

/**
 * Races `work` against a timer. On timeout it calls `onTimeout` (to abort a worker
 * or destroy a PDF loading task) and rejects with DocumentProcessingTimeoutError.
 */
export const withTimeout = async <T>(
  work: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      try {
        onTimeout?.();
      } catch {
        // best effort
      }
      reject(new DocumentProcessingTimeoutError(`${what} took longer than ${ms} ms.`));
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** A deadline shared by the steps of one document. */
export interface Deadline {
  readonly at: number;
  remaining(): number;
}

export const deadlineIn = (ms: number, now: () => number = Date.now): Deadline => {
  const at = now() + ms;
  return {
    at,
    remaining: () => {
      const left = at - now();
      if (left <= 0) throw new DocumentProcessingTimeoutError(`Processing the document took longer than ${ms} ms.`);
      return left;
    },
  };
};

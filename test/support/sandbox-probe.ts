/** Exports the sandbox tests run on a worker thread: each misbehaves in one way. */
import { CorruptPdfError } from '#shared/domain/errors.ts';

export const echo = (value: unknown, options: { onProgress?: (e: unknown) => void } = {}) => {
  options.onProgress?.({ stage: 'echo' });
  return { value, thread: 'sandbox' };
};

/** Synchronous work that never ends: only terminating the thread stops it. */
export const spin = () => {
  for (;;) {
    // hostile parser loop
  }
};

/** Allocates without bound on the V8 heap. */
export const allocate = () => {
  const hoard: unknown[] = [];
  for (;;) hoard.push(Array.from({ length: 10_000 }, (_, i) => ({ i, s: `x${i}` })));
};

export const failDomain = () => {
  throw new CorruptPdfError('The PDF cannot be read: bad xref', { details: { offset: 12 } });
};

/** An error thrown outside the job's promise, on a later tick. */
export const crashLater = () =>
  new Promise(() => {
    setTimeout(() => {
      throw new Error('escaped the job');
    }, 10);
  });

// One sandbox thread: loads the module a job names and calls its export with the job's
// (structured-clone) arguments. Plain JavaScript so that it starts without a loader; it
// registers tsx for the TypeScript modules.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

// SANDBOX_NICE=n (off by default): documents, the heaviest work of a process, below its
// I/O thread and request handlers.
const nice = Number(process.env.SANDBOX_NICE ?? 0);
if (Number.isInteger(nice) && nice > 0) {
  try {
    setPriority(nice);
  } catch {
    // not permitted here: run at the same priority
  }
}

let loaderReady;
// Loader hooks are per thread: whatever the parent used, this thread registers tsx itself.
const ensureLoader = () => (loaderReady ??= import('tsx/esm/api').then((m) => m.register()).catch(() => undefined));

const serializeError = (error) => {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    name: e.name,
    message: e.message,
    code: typeof e.code === 'string' ? e.code : undefined,
    details: e.details && typeof e.details === 'object' ? JSON.parse(JSON.stringify(e.details)) : undefined,
    dependency: typeof e.dependency === 'string' ? e.dependency : undefined,
    stack: e.stack,
  };
};

parentPort.on('message', async (job) => {
  try {
    if (job.module.endsWith('.ts')) await ensureLoader();
    const mod = await import(job.module);
    const fn = mod[job.export];
    if (typeof fn !== 'function') throw new Error(`${job.module} has no export ${job.export}`);
    const args = [...job.args];
    if (job.progress) {
      const options = { ...(args[1] ?? {}), onProgress: (event) => parentPort.postMessage({ id: job.id, progress: event }) };
      args[1] = options;
    }
    const result = await fn(...args);
    parentPort.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: serializeError(error) });
  }
});

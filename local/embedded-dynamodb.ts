import { Worker } from 'node:worker_threads';

export interface EmbeddedDynamo {
  endpoint: string;
  /** The engine thread's Linux thread id (/proc/self/task/<id>), so benchmarks can leave its CPU out; undefined off Linux. */
  osThreadId?: number;
  stop(): Promise<void>;
}

type WorkerMessage = { type: 'listening'; port: number; osThreadId?: number } | { type: 'error'; message: string } | { type: 'stopped' };

/**
 * dynalite, in-process: a DynamoDB-compatible engine over LevelDB, on its own
 * worker thread so that it does not share the API's event loop. With a `path`
 * the data lives on disk and survives a restart; without one it is in memory.
 * It has no transactions, PartiQL or TTL, and the store is designed without them.
 */
export const startEmbeddedDynamo = async (options: { path?: string } = {}): Promise<EmbeddedDynamo> => {
  const worker = new Worker(new URL('./embedded-dynamodb-worker.js', import.meta.url), { workerData: { path: options.path } });
  const { port, osThreadId } = await new Promise<{ port: number; osThreadId?: number }>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'listening') resolve(message);
      if (message.type === 'error') reject(new Error(`embedded DynamoDB: ${message.message}`));
    });
  });
  worker.unref();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...(osThreadId !== undefined ? { osThreadId } : {}),
    stop: async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'stopped') {
            clearTimeout(timer);
            resolve();
          }
        });
        worker.postMessage('stop');
      });
      await worker.terminate();
    },
  };
};

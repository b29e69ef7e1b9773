// The embedded engine's thread: dynalite (LevelDB + the DynamoDB wire protocol)
// listening on a loopback port. Running it beside the API's event loop, not on
// it, lets the two use both cores. Plain JavaScript so that it loads without
// the TypeScript loader.
import { readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const dynalite = createRequire(import.meta.url)('dynalite');
const server = dynalite({ ...(workerData.path ? { path: workerData.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.on('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
/** This thread's Linux thread id (for benchmarks that leave the engine's CPU out); undefined off Linux. */
const osThreadId = () => {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
};
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port, osThreadId: osThreadId() }));

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  server.close(() => parentPort.postMessage({ type: 'stopped' }));
  server.closeAllConnections?.();
});

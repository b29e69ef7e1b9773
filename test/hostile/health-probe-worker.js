// Probes GET /health from its own thread (own event loop, own connection pool), so
// that the test's own work never shows up as server latency.
import { parentPort, workerData } from 'node:worker_threads';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
let running = true;
parentPort.on('message', (m) => {
  if (m === 'stop') running = false;
});
const once = () =>
  new Promise((resolve) => {
    const started = performance.now();
    const at = performance.timeOrigin + started;
    const req = request(`${workerData.url}/health`, { agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ at, ms: performance.now() - started, status: res.statusCode }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ at, ms: performance.now() - started, status: 0, error: String(e) }));
    req.end();
  });
while (running) {
  parentPort.postMessage(await once());
  await new Promise((r) => setTimeout(r, workerData.everyMs));
}
agent.destroy();
parentPort.postMessage('stopped');

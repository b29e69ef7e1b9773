/**
 * The local runtime as its own process, for the hostile suite: in-memory
 * engine, demo data, the process guard, a free port. Prints one JSON line
 * `{ url, keys }` once it listens; its peak RSS is read from /proc by the suite.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProcessGuard } from '#local/process-guard.ts';
import { startLocalServer } from '#local/server.ts';

const guard = installProcessGuard((message, error) => console.error(`[guard] ${message}`, error));
const server = await startLocalServer({ port: 0, inMemory: true, isolate: true, dataDir: await mkdtemp(join(tmpdir(), 'certverify-hostile-')) });
console.log(JSON.stringify({ url: server.url, keys: server.demoKeys }));

process.on('SIGTERM', () => {
  console.error(`[guard] caught ${guard.caught}`);
  void server.close().finally(() => process.exit(0));
});

// Fault injection for the guard's proof: escape every handler on request.
process.on('message', (message) => {
  if (message === 'escape') {
    setImmediate(() => {
      throw new Error('an error no handler caught');
    });
    void Promise.reject(new Error('a rejection nobody awaited'));
  }
});

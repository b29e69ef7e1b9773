// The CPU benchmarks' DynamoDB stand-in, in its own process: dynalite in
// memory on a loopback port. On AWS DynamoDB is not in the app's process at
// all, so none of the engine's CPU — its thread, nor the garbage collection
// that V8's shared helper threads do for it — may count as the app's. It also
// counts the requests it serves (DynamoDB round trips), by operation.
// Plain JavaScript: it runs without the TypeScript loader.
import { createRequire } from 'node:module';

const dynalite = createRequire(import.meta.url)('dynalite');
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const calls = {};
const bytes = {};
server.on('request', (request, response) => {
  const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() || 'other';
  calls[operation] = (calls[operation] ?? 0) + 1;
  let sent = 0;
  request.on('data', (chunk) => (sent += chunk.length));
  const end = response.end;
  response.end = function (chunk, ...rest) {
    bytes[operation] = (bytes[operation] ?? { request: 0, response: 0 });
    bytes[operation].request += sent;
    bytes[operation].response += chunk ? Buffer.byteLength(chunk) : 0;
    return end.call(this, chunk, ...rest);
  };
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'calls') process.send?.({ calls: { ...calls }, bytes: JSON.parse(JSON.stringify(bytes)) });
  if (message === 'stop') server.close(() => process.exit(0));
});
// The benchmark that started it is gone (finished, failed or killed): so is the engine.
process.on('disconnect', () => process.exit(0));

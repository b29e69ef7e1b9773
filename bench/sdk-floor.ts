/**
 * npx tsx bench/sdk-floor.ts: the CPU one DynamoDB call costs the app through
 * the real AWS SDK client the repositories use (createDocumentClient:
 * lib-dynamodb over a middleware-cached DynamoDBClient), against the
 * benchmarks' engine in its own process (engine-process.js), one call at a
 * time. It is the floor under bench:cost: a fields-only verification makes
 * about three such calls (bench:cost prints how many), whatever the app's
 * own code costs.
 *
 * Calls: a consistent GetItem of an API-key-sized item; a consistent
 * BatchGetItem of 6 small keys (a verification's lookup); a Query returning
 * 50 history lines (a popular number's history); a PutItem of a 5.5 KB
 * verification. Options: --calls N per kind (default 2000), --runs N (default
 * 3, the median is reported).
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '#shared/store/client.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' } } });
const calls = Number(values.calls);
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const engine = fork(fileURLToPath(new URL('./engine-process.js', import.meta.url)), [], { execArgv: [] });
const port = await new Promise<number>((resolve) => engine.once('message', (m: { port: number }) => resolve(m.port)));
const low: DynamoDBClient = createDynamoClient({ endpoint: `http://127.0.0.1:${port}` });
const doc = createDocumentClient(low);
const TableName = 'sdk-floor';
await low.send(
  new CreateTableCommand({
    TableName,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }),
);
const line = {
  entity: 'Verification', issuerId: 'mingjian-testing', reportNumber: 'MJ2025-000127', verdict: 'AUTHENTIC', riskScore: 0,
  createdAt: '2026-12-02T04:00:00.000Z', sellerId: 'bench-seller', presentedProduct: 'Electric kettle',
  submittedBy: { keyId: 'ngs7yjwfrz08', role: 'platform', platformId: 'demo-shop' },
};
await doc.send(new PutCommand({ TableName, Item: { pk: 'APIKEY#ngs7yjwfrz08', sk: 'KEY', keyId: 'ngs7yjwfrz08', role: 'platform', platformId: 'demo-shop', keyHash: 'f'.repeat(64), createdAt: line.createdAt } }));
for (let i = 0; i < 6; i++) await doc.send(new PutCommand({ TableName, Item: { pk: `ACCRED#L${i}`, sk: 'POINTER', issuer: { issuerId: 'mingjian-testing', name: 'Mingjian Testing Co., Ltd.' } } }));
for (let i = 0; i < 50; i++) await doc.send(new PutCommand({ TableName, Item: { pk: 'RN#MJ2025-000127', sk: `V#${String(i).padStart(3, '0')}`, verificationId: `v_${i}`, ...line } }));
const verification = { pk: 'VERIFICATION#v', sk: 'RESULT', ...line, checks: Array.from({ length: 17 }, (_, i) => ({ name: `check-${i}`, status: 'PASS', code: 'SOME_CODE', message: 'x'.repeat(70), evidence: { value: 'y'.repeat(180) } })) };

const kinds: Array<[string, () => Promise<unknown>]> = [
  ['GetItem (consistent, 1 small item)', () => doc.send(new GetCommand({ TableName, Key: { pk: 'APIKEY#ngs7yjwfrz08', sk: 'KEY' }, ConsistentRead: true }))],
  ['BatchGetItem (consistent, 6 keys)', () => doc.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: Array.from({ length: 6 }, (_, i) => ({ pk: `ACCRED#L${i}`, sk: 'POINTER' })), ConsistentRead: true } } }))],
  ['Query (50 history lines)', () => doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'RN#MJ2025-000127' }, ScanIndexForward: false, Limit: 50 }))],
  [`PutItem (${(JSON.stringify(verification).length / 1024).toFixed(1)} KB)`, () => doc.send(new PutCommand({ TableName, Item: verification }))],
];
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const results: Record<string, number> = {};
for (const [name, call] of kinds) {
  for (let i = 0; i < 300; i++) await call();
  const perRun: number[] = [];
  for (let r = 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call();
    const cpu = process.cpuUsage(cpu0);
    perRun.push((cpu.user + cpu.system) / 1000 / calls);
  }
  results[name] = median(perRun);
  console.log(`${name}: ${median(perRun).toFixed(3)} ms of app CPU per call (runs: ${perRun.map((x) => x.toFixed(3)).join(', ')})`);
}
console.log(JSON.stringify({ msPerCall: results, loadAverageAtEnd: loadavg()[0] }));
engine.send('stop');
low.destroy();
process.exit(0);

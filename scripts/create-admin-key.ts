/**
 * Bootstraps the first admin API key of a deployment: POST /api-keys needs an
 * admin key itself, so the first one is written straight into the table with
 * your AWS credentials, through the same repository the API uses (only the
 * sha256 is stored). The key is printed once.
 *
 *   npx tsx scripts/create-admin-key.ts --table <TableName> [--region eu-west-1] [--label bootstrap]
 *
 * DYNAMODB_ENDPOINT points it at DynamoDB Local or the local runtime's engine instead.
 */
import { parseArgs } from 'node:util';
import { createDynamoClient } from '#shared/store/client.ts';
import { unconfiguredCursorCodec } from '#shared/store/cursor.ts';
import { createRepositories } from '#shared/store/repositories.ts';

const { values } = parseArgs({
  options: { table: { type: 'string' }, region: { type: 'string' }, label: { type: 'string', default: 'bootstrap admin' } },
});
const table = values.table ?? process.env.TABLE_NAME;
if (!table) {
  console.error('usage: create-admin-key --table <TableName> [--region <region>] [--label <text>]');
  process.exit(64);
}
const client = createDynamoClient({
  region: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
  ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
});
// Writing one key lists nothing, so no cursor secret is needed.
const repos = createRepositories(client, table, unconfiguredCursorCodec);
const { keyId, apiKey } = await repos.apiKeys.create({ role: 'admin', label: values.label });
console.log(JSON.stringify({ keyId, apiKey }, null, 2));
console.error('Store this key now: it is not shown again. Delete it (DELETE /api-keys/<keyId>) once you have named admin keys.');
client.destroy();

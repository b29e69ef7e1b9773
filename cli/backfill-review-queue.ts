import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { Table } from '#shared/store/table.ts';
import type { CliIo, Command } from './command.ts';
import { CliError, ExitCodes, UsageError } from './exit-codes.ts';

const usage = `Usage: certverify backfill-review-queue [--aws] [--dry-run] [--segments N] [--json]

Gives the verifications stored before the review queue existed their queue
lines: every finished non-AUTHENTIC verification is listed in the queue of
investigators and admins, and in its platform's queue. Idempotent: a line that
exists is never written again, so it is safe to run twice or while the API runs.
  (default)    the local store: ./.data (CERTVERIFY_DATA_DIR), the engine of a
               running \`npm start\`, or DYNAMODB_ENDPOINT
  --aws        the deployed table TABLE_NAME, with the AWS SDK's own region and
               credentials (AWS_REGION, AWS_PROFILE…); needs dynamodb:Scan,
               UpdateItem and PutItem on it
  --dry-run    count what would be written, write nothing
  --segments   parallel Scan segments, 1..64 (default 4)
  --json       print the counts as JSON
Prints: scanned (verification items), queued (those that belong in the queue),
listed (own listings written), platformLines (platform lines written).`;

export const command: Command = {
  name: 'backfill-review-queue',
  summary: 'give verifications stored before the review queue their queue lines',
  usage,
  async run(argv: string[], io: CliIo) {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: argv,
        strict: true,
        options: { aws: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, segments: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      }));
    } catch (e) {
      throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
    }
    if (values.help) {
      io.stdout(`${usage}\n`);
      return ExitCodes.OK;
    }
    const segments = values.segments === undefined ? 4 : Number(values.segments);
    if (!Number.isInteger(segments) || segments < 1 || segments > 64) throw new UsageError(`--segments must be a whole number from 1 to 64\n\n${usage}`);

    const { backfillReviewQueue } = await import('#shared/store/review-queue-backfill.ts');
    const { table, close } = values.aws ? await awsTable(io.env) : await localTable(io.env);
    try {
      const report = await backfillReviewQueue(table, {
        segments,
        dryRun: values['dry-run'] === true,
        ...(io.stderrIsTty ? { onProgress: (r) => io.stderr(`\rscanned ${r.scanned}, queued ${r.queued}`) } : {}),
      });
      if (io.stderrIsTty) io.stderr('\n');
      io.stdout(
        values.json
          ? `${JSON.stringify({ table: table.name, dryRun: values['dry-run'] === true, ...report })}\n`
          : `${values['dry-run'] ? 'would write' : 'written'} in ${table.name}: ${report.listed} listing(s), ${report.platformLines} platform line(s); ${report.queued} queued of ${report.scanned} verification(s) scanned\n`,
      );
      return ExitCodes.OK;
    } catch (e) {
      if (e instanceof DependencyUnavailableError) throw new CliError(`${e.message} (${e.code})`, ExitCodes.UNAVAILABLE);
      throw e;
    } finally {
      await close();
    }
  },
};

const localTable = async (env: NodeJS.ProcessEnv): Promise<{ table: Table; close: () => Promise<void> }> => {
  const { openLocalStore } = await import('#local/local-store.ts');
  const store = await openLocalStore(resolve(env.CERTVERIFY_DATA_DIR ?? '.data'), env);
  return { table: store.deps.repos.table, close: store.close };
};

const awsTable = async (env: NodeJS.ProcessEnv): Promise<{ table: Table; close: () => Promise<void> }> => {
  if (!env.TABLE_NAME) throw new UsageError(`--aws needs TABLE_NAME (the stack's table)\n\n${usage}`);
  const [{ createDocumentClient, createDynamoClient }, { unconfiguredCursorCodec }] = await Promise.all([import('#shared/store/client.ts'), import('#shared/store/cursor.ts')]);
  const client = createDynamoClient({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1' });
  return { table: { doc: createDocumentClient(client), name: env.TABLE_NAME, cursors: unconfiguredCursorCodec }, close: async () => client.destroy() };
};

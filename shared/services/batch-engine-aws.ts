import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { IndexedBatchItem } from '#shared/domain/verification-batch.ts';
import type { BatchEngine, BatchRun } from './verification-batches.ts';

export interface StepFunctionsBatchConfig {
  stateMachineArn: string;
  bucket: string;
  /** Where the items of a batch are written: <prefix><batchId>/items.jsonl */
  prefix: string;
}

/** What the state machine's execution starts with (cdk/constructs/batches.ts reads these names). */
export interface BatchExecutionInput extends BatchRun {
  items: { bucket: string; key: string };
}

const isAwsError = (e: unknown, ...names: string[]): boolean => e instanceof Error && names.includes(e.name);

/**
 * The AWS engine: the items go to S3 as JSON Lines, one per line with its
 * index, and a Step Functions execution named after the batch runs a
 * Distributed Map over them (ItemReader on that object, ItemBatcher of
 * BATCH_CHUNK_SIZE items, bounded MaxConcurrency), one Lambda invocation per
 * chunk. Starting twice is harmless: the execution name is the batch id.
 */
export class StepFunctionsBatchEngine implements BatchEngine {
  constructor(
    private readonly clients: { s3: S3Client; sfn: SFNClient },
    private readonly config: StepFunctionsBatchConfig,
  ) {}

  async start(run: BatchRun, items: IndexedBatchItem[]): Promise<void> {
    const key = `${this.config.prefix}${run.batchId}/items.jsonl`;
    try {
      await this.clients.s3.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          Body: items.map((i) => JSON.stringify(i)).join('\n'),
          ContentType: 'application/x-ndjson',
        }),
      );
    } catch (e) {
      throw new DependencyUnavailableError('s3', `Writing the batch items failed: ${e instanceof Error ? e.name : 'UnknownError'}`, { cause: e });
    }
    const input: BatchExecutionInput = { ...run, items: { bucket: this.config.bucket, key } };
    try {
      await this.clients.sfn.send(
        new StartExecutionCommand({ stateMachineArn: this.config.stateMachineArn, name: run.batchId, input: JSON.stringify(input) }),
      );
    } catch (e) {
      if (e instanceof ExecutionAlreadyExists || isAwsError(e, 'ExecutionAlreadyExists')) return;
      throw new DependencyUnavailableError('stepfunctions', `Starting the batch failed: ${e instanceof Error ? e.name : 'UnknownError'}`, { cause: e });
    }
  }
}

export const stepFunctionsConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): StepFunctionsBatchConfig | undefined => {
  const stateMachineArn = env.BATCHES_STATE_MACHINE_ARN;
  const bucket = env.BATCHES_BUCKET ?? env.UPLOADS_BUCKET;
  if (!stateMachineArn || !bucket) return undefined;
  return { stateMachineArn, bucket, prefix: env.BATCHES_PREFIX ?? 'batches/' };
};

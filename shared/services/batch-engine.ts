import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { StepFunctionsBatchEngine, stepFunctionsConfigFromEnv } from './batch-engine-aws.ts';
import type { BatchEngine } from './verification-batches.ts';

/**
 * The process's batch engine, like container.ts: on AWS the Step Functions
 * engine, built on first use from the environment; the local runtime
 * installs its in-process pool (local/batch-engine.ts) before serving.
 */
let current: BatchEngine | undefined;

export const useBatchEngine = (engine: BatchEngine | undefined): void => {
  current = engine;
};

export const batchEngine = (): BatchEngine => {
  if (!current) {
    const config = stepFunctionsConfigFromEnv();
    if (!config) throw new DependencyUnavailableError('stepfunctions', 'No batch engine is configured (BATCHES_STATE_MACHINE_ARN).');
    current = new StepFunctionsBatchEngine({ s3: new S3Client({}), sfn: new SFNClient({}) }, config);
  }
  return current;
};

import middy from '@middy/core';
import { SnsEnvelope } from '@aws-lambda-powertools/parser/envelopes/sns';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { TextractCompletion } from '#shared/domain/textract-completion.ts';
import type { EventDeps } from '#shared/runtime/deps.ts';
import { lambdaHandler } from '#shared/runtime/lambda.ts';
import { invocationLogger, loggerOf } from '#shared/runtime/logging.ts';
import { resumeFromCompletion } from '#shared/services/verify-upload.ts';

/**
 * Textract's completion notice (SNS, validated by Powertools' SNS envelope)
 * for a multi-page upload → store the text by sha256 and finish the
 * verification. Errors are thrown: Lambda retries, then dead-letters.
 */
export const createHandler = (deps: EventDeps) =>
  middy<TextractCompletion[]>()
    .use(invocationLogger(deps.logger))
    .use(parser({ schema: JSONStringified(TextractCompletion), envelope: SnsEnvelope }))
    .handler(async (completions, context) => {
      for (const completion of completions) {
        const outcome = await resumeFromCompletion(deps, completion);
        loggerOf(context).info('textract job completed', { jobId: completion.JobId, status: completion.Status, outcome });
      }
    });

export const handler = lambdaHandler(createHandler);

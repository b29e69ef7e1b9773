import { Readable } from 'node:stream';
import { TextractClient } from '@aws-sdk/client-textract';
import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { retryBudget } from '#shared/runtime/retry-budget.ts';
import { textractDetectBytes } from '#shared/text/textract.ts';

/**
 * Counts what Textract itself receives: an HTTP handler in place of the
 * network that answers every request with Textract's throttling error, so the
 * SDK's own retry strategy (the only one) runs for real.
 */
const throttlingTextract = (maxAttempts: number) => {
  const received: string[] = [];
  const client = new TextractClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts,
    requestHandler: {
      handle: (request: { headers: Record<string, string> }) => {
        received.push(request.headers['x-amz-target'] ?? '');
        const body = JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' });
        return Promise.resolve({
          response: {
            statusCode: 400,
            reason: 'Bad Request',
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' },
            body: Readable.from([Buffer.from(body)]),
          },
        });
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    } as never,
  });
  return { client, received };
};

describe('text: Textract sends under throttling', () => {
  it.each([
    ['create-verification (29 s)', 29_000],
    ['verify-upload (5 min)', 300_000],
  ])('%s: at most the configured attempts for a page, then a dependency outage', async (_name, timeoutMs) => {
    // Prepare
    const { textract: configured } = retryBudget(timeoutMs);
    const { client, received } = throttlingTextract(configured);
    // Act
    const outcome = textractDetectBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { client });
    // Assess
    await expect(outcome).rejects.toThrow(DependencyUnavailableError);
    expect(received).toStrictEqual(Array.from({ length: configured }, () => 'Textract.DetectDocumentText'));
  }, 60_000);
});

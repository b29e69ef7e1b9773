import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalyzeDocumentCommand, DetectDocumentTextCommand, GetDocumentAnalysisCommand, GetDocumentTextDetectionCommand, StartDocumentAnalysisCommand, StartDocumentTextDetectionCommand, TextractClient, ThrottlingException, type GetDocumentAnalysisCommandOutput, type Block } from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import {
  getTextractJobResult,
  startTextractJob,
  textractBlocksToTextResult,
  textractDetectBytes,
  textractFeaturesFromEnv,
  waitForTextractJob,
} from '#shared/text/textract.ts';

const fixtureDir = join(import.meta.dirname, '../../fixtures/textract');
const loaded = new Map<string, unknown>();
/** Real Textract responses (see test/fixtures/textract/README.md), deep-copied per use. */
const fixture = <T = GetDocumentAnalysisCommandOutput>(name: string): T => {
  if (!loaded.has(name)) loaded.set(name, JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')));
  return structuredClone(loaded.get(name)) as T;
};

const textract = mockClient(TextractClient);
const client = new TextractClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });

const kv = (result: ReturnType<typeof textractBlocksToTextResult>, key: string) => result.keyValues.find((k) => k.key === key);

beforeEach(() => {
  textract.reset();
});

describe('text: textract block mapping', () => {
  it('maps LINE blocks and FORMS key-values of the one-page AnalyzeDocument response', () => {
    // Prepare
    const response = fixture('test-response.json');
    // Act
    const result = textractBlocksToTextResult(response.Blocks ?? [], response.DocumentMetadata?.Pages);
    // Assess
    expect(result.engine).toBe('textract');
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]?.lines).toHaveLength(31);
    expect(kv(result, 'Full Name:')).toMatchObject({ value: 'Jane Doe', pageNumber: 1 });
    expect(kv(result, 'Phone Number:')).toMatchObject({ value: '555-0100' });
    const line = result.pages[0]?.lines[0];
    expect(line?.confidence).toBeGreaterThan(0.5);
    expect(line?.confidence).toBeLessThanOrEqual(1);
    expect(line?.box.left).toBeGreaterThanOrEqual(0);
    expect(line?.box.width).toBeLessThanOrEqual(1);
  });

  it('keeps pages apart in the two-page async response', () => {
    // Prepare
    const response = fixture('multi-page-forms-samples-2-page.json');
    const result = textractBlocksToTextResult(response.Blocks ?? [], response.DocumentMetadata?.Pages);
    // Act & Assess
    expect(result.pages.map((p) => p.pageNumber)).toStrictEqual([1, 2]);
    expect(result.pages.every((p) => p.lines.length > 0)).toBe(true);
    expect(kv(result, 'Last Name:')).toMatchObject({ value: 'ROSALEZ' });
    expect(kv(result, 'Marital Status:')?.value).toContain('MARRIED');
  });

  it('maps a page scanned 15° off', () => {
    // Prepare
    const response = fixture('gib__15_degrees.json');
    // Act
    const result = textractBlocksToTextResult(response.Blocks ?? []);
    // Assess
    expect(result.pages[0]?.lines.length).toBe(67);
  });

  it('reads a selection element as [X] or [ ]', () => {
    // Prepare
    const blocks: Block[] = [
      { BlockType: 'KEY_VALUE_SET', Id: 'k', EntityTypes: ['KEY'], Confidence: 90, Relationships: [{ Type: 'CHILD', Ids: ['w'] }, { Type: 'VALUE', Ids: ['v'] }] },
      { BlockType: 'WORD', Id: 'w', Text: 'Married' },
      { BlockType: 'KEY_VALUE_SET', Id: 'v', EntityTypes: ['VALUE'], Confidence: 80, Relationships: [{ Type: 'CHILD', Ids: ['s'] }] },
      { BlockType: 'SELECTION_ELEMENT', Id: 's', SelectionStatus: 'SELECTED' },
    ];
    // Act & Assess
    expect(textractBlocksToTextResult(blocks).keyValues).toStrictEqual([{ key: 'Married', value: '[X]', confidence: 0.8, pageNumber: 1 }]);
  });
});

describe('text: textract features', () => {
  it('uses FORMS only when TEXTRACT_FEATURES=FORMS', () => {
    // Act & Assess
    expect(textractFeaturesFromEnv({})).toStrictEqual([]);
    expect(textractFeaturesFromEnv({ TEXTRACT_FEATURES: 'forms' })).toStrictEqual(['FORMS']);
    expect(textractFeaturesFromEnv({ TEXTRACT_FEATURES: 'TABLES' })).toStrictEqual([]);
  });
});

describe('text: textractDetectBytes', () => {
  it('calls DetectDocumentText by default (the $1.50 API)', async () => {
    // Prepare
    const response = fixture('test-response.json');
    textract.on(DetectDocumentTextCommand).resolves({ Blocks: response.Blocks, DocumentMetadata: { Pages: 1 } });
    // Act
    const result = await textractDetectBytes(new Uint8Array([1, 2, 3]), { client });
    // Assess
    expect(textract.commandCalls(DetectDocumentTextCommand)).toHaveLength(1);
    expect(textract.commandCalls(AnalyzeDocumentCommand)).toHaveLength(0);
    expect(result.pages[0]?.lines).toHaveLength(31);
  });

  it('calls AnalyzeDocument with FORMS when opted in', async () => {
    // Prepare
    textract.on(AnalyzeDocumentCommand).resolves(fixture('test-response.json'));
    const result = await textractDetectBytes(new Uint8Array([1]), { client, features: ['FORMS'] });
    // Act & Assess
    expect(textract.commandCalls(AnalyzeDocumentCommand)[0]?.args[0].input.FeatureTypes).toStrictEqual(['FORMS']);
    expect(textract.commandCalls(DetectDocumentTextCommand)).toHaveLength(0);
    expect(kv(result, 'Full Name:')?.value).toBe('Jane Doe');
  });

  it('sends each page once: a throttle the SDK retries could not absorb is a dependency outage', async () => {
    // Prepare
    textract.on(DetectDocumentTextCommand).rejects(throttled());
    // Act
    const outcome = textractDetectBytes(new Uint8Array([1]), { client });
    // Assess
    await expect(outcome).rejects.toThrow(DependencyUnavailableError);
    await expect(outcome).rejects.toMatchObject({ dependency: 'textract', code: 'DEPENDENCY_UNAVAILABLE' });
    expect(textract.commandCalls(DetectDocumentTextCommand)).toHaveLength(1);
  });

  it('maps any other Textract error to a dependency outage without sending again', async () => {
    // Prepare
    const error = new Error('no access');
    error.name = 'AccessDeniedException';
    textract.on(DetectDocumentTextCommand).rejects(error);
    // Act
    const outcome = textractDetectBytes(new Uint8Array([1]), { client });
    // Assess
    await expect(outcome).rejects.toThrow(DependencyUnavailableError);
    expect(textract.commandCalls(DetectDocumentTextCommand)).toHaveLength(1);
  });
});

describe('text: textract async jobs', () => {
  const doc = { bucket: 'uploads', key: 'incoming/abc.pdf' };

  it('starts text detection on the S3 object with an idempotency token and SNS channel', async () => {
    // Prepare
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-1' });
    // Act
    const job = await startTextractJob(doc, {
      client,
      clientRequestToken: 'a'.repeat(64),
      jobTag: 'ver#123',
      notificationChannel: { snsTopicArn: 'arn:aws:sns:us-east-1:1:t', roleArn: 'arn:aws:iam::1:role/r' },
    });
    // Assess
    expect(job).toStrictEqual({ jobId: 'job-1', api: 'text' });
    expect(textract.commandCalls(StartDocumentTextDetectionCommand)[0]?.args[0].input).toStrictEqual({
      DocumentLocation: { S3Object: { Bucket: 'uploads', Name: 'incoming/abc.pdf' } },
      ClientRequestToken: 'a'.repeat(64),
      JobTag: 'ver_123',
      NotificationChannel: { SNSTopicArn: 'arn:aws:sns:us-east-1:1:t', RoleArn: 'arn:aws:iam::1:role/r' },
    });
  });

  it('starts document analysis with FORMS when opted in', async () => {
    // Prepare
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'job-2' });
    // Act & Assess
    expect(await startTextractJob(doc, { client, features: ['FORMS'] })).toStrictEqual({ jobId: 'job-2', api: 'analysis' });
    expect(textract.commandCalls(StartDocumentAnalysisCommand)[0]?.args[0].input.FeatureTypes).toStrictEqual(['FORMS']);
  });

  it('follows NextToken over every result page', async () => {
    // Prepare: the real two-page response, split in two result pages
    const full = fixture('multi-page-forms-samples-2-page.json');
    const blocks = full.Blocks ?? [];
    const half = Math.floor(blocks.length / 2);
    textract
      .on(GetDocumentAnalysisCommand, { JobId: 'job-2', MaxResults: 1000 })
      .resolves({ ...full, Blocks: blocks.slice(0, half), NextToken: 'next-1' })
      .on(GetDocumentAnalysisCommand, { JobId: 'job-2', MaxResults: 1000, NextToken: 'next-1' })
      .resolves({ ...full, Blocks: blocks.slice(half), NextToken: undefined });
    // Act
    const outcome = await getTextractJobResult({ jobId: 'job-2', api: 'analysis' }, { client });
    // Assess
    expect(textract.commandCalls(GetDocumentAnalysisCommand)).toHaveLength(2);
    expect(outcome.status).toBe('SUCCEEDED');
    if (outcome.status !== 'SUCCEEDED') return;
    expect(outcome.result.pages).toHaveLength(2);
    expect(kv(outcome.result, 'Last Name:')?.value).toBe('ROSALEZ');
  });

  it('reports IN_PROGRESS and FAILED without throwing', async () => {
    // Prepare
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'busy' }).resolves(fixture('test-inprogress-response.json'));
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'broken' }).resolves(fixture('test-failed-response.json'));
    // Act & Assess
    expect(await getTextractJobResult({ jobId: 'busy', api: 'text' }, { client })).toStrictEqual({ status: 'IN_PROGRESS' });
    expect(await getTextractJobResult({ jobId: 'broken', api: 'text' }, { client })).toStrictEqual({
      status: 'FAILED',
      message: 'Dummy Status Message',
    });
  });

  it('waits through IN_PROGRESS until SUCCEEDED', async () => {
    // Prepare
    textract
      .on(GetDocumentAnalysisCommand)
      .resolvesOnce(fixture('test-inprogress-response.json'))
      .resolvesOnce(fixture('test-inprogress-response.json'))
      .resolves(fixture('multi-page-forms-samples-2-page.json'));
    // Act
    const slept: number[] = [];
    const result = await waitForTextractJob(
      { jobId: 'j', api: 'analysis' },
      { client, pollIntervalMs: 10, sleep: (ms) => Promise.resolve(void slept.push(ms)) },
    );
    // Assess
    expect(slept).toStrictEqual([10, 10]);
    expect(result.pages).toHaveLength(2);
  });

  it('turns a FAILED job into DependencyUnavailableError when waiting', async () => {
    // Prepare
    textract.on(GetDocumentTextDetectionCommand).resolves(fixture('test-failed-response.json'));
    // Act & Assess
    await expect(waitForTextractJob({ jobId: 'j', api: 'text' }, { client, sleep: () => Promise.resolve() })).rejects.toThrow(
      /failed: Dummy Status Message/u,
    );
  });

  it('gives up after maxWaitMs', async () => {
    // Prepare
    textract.on(GetDocumentTextDetectionCommand).resolves(fixture('test-inprogress-response.json'));
    // Act & Assess
    await expect(
      waitForTextractJob({ jobId: 'j', api: 'text' }, { client, pollIntervalMs: 10, maxWaitMs: 30, sleep: () => Promise.resolve() }),
    ).rejects.toThrow(DependencyUnavailableError);
    expect(textract.commandCalls(GetDocumentTextDetectionCommand).length).toBe(4); // at 0, 10, 20 and 30 ms
  });
});

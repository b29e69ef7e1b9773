import { afterAll, describe, expect, it } from 'vitest';
import { CorruptPdfError, DocumentProcessingTimeoutError, DocumentTooComplexError } from '#shared/domain/errors.ts';
import { DocumentSandbox } from '#shared/intake/sandbox.ts';

const probe = new URL('../../support/sandbox-probe.ts', import.meta.url).href;

describe('document sandbox', () => {
  const sandbox = new DocumentSandbox({ threads: 2, heapMb: 96 });
  afterAll(() => sandbox.close());

  const run = (fn: string, args: unknown[] = [], timeoutMs = 20_000, onProgress?: (e: unknown) => void) =>
    sandbox.run({ module: probe, export: fn, args, timeoutMs, ...(onProgress ? { onProgress } : {}) });

  it('runs an export on a thread and returns its result and progress', async () => {
    // Prepare
    const progress: unknown[] = [];
    // Act & Assess
    await expect(run('echo', [{ a: [1, 2] }, {}], 20_000, (e) => progress.push(e))).resolves.toStrictEqual({ value: { a: [1, 2] }, thread: 'sandbox' });
    expect(progress).toStrictEqual([{ stage: 'echo' }]);
  }, 30_000);

  it('kills a thread that loops past its deadline (TIMEOUT) while the main event loop keeps ticking', async () => {
    // Prepare
    await run('echo', [1]); // threads warm
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);

    // Act
    const started = Date.now();
    const outcome = await run('spin', [], 500).catch((e: unknown) => e);
    clearInterval(ticker);

    // Assess
    expect(outcome).toBeInstanceOf(DocumentProcessingTimeoutError);
    expect((outcome as DocumentProcessingTimeoutError).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ticks).toBeGreaterThan(20);
    await expect(run('echo', ['after'])).resolves.toMatchObject({ value: 'after' });
  }, 30_000);

  it('turns a heap blow-up into DOCUMENT_TOO_COMPLEX and replaces the thread', async () => {
    // Act
    const outcome = await run('allocate').catch((e: unknown) => e);
    // Assess
    expect(outcome).toBeInstanceOf(DocumentTooComplexError);
    expect(outcome).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', details: { reason: 'memory', heapMb: 96 } });
    await expect(run('echo', ['next'])).resolves.toMatchObject({ value: 'next' });
  }, 60_000);

  it('revives a domain error with its class, code and details', async () => {
    // Act
    const outcome = await run('failDomain').catch((e: unknown) => e);
    // Assess
    expect(outcome).toBeInstanceOf(CorruptPdfError);
    expect(outcome).toMatchObject({ code: 'CORRUPT_PDF', message: 'The PDF cannot be read: bad xref', details: { offset: 12 } });
  }, 30_000);

  it('contains an error that escapes the job on a later tick', async () => {
    // Act
    const outcome = await run('crashLater').catch((e: unknown) => e);
    // Assess
    expect(outcome).toBeInstanceOf(DocumentTooComplexError);
    expect(outcome).toMatchObject({ details: { reason: 'crash' } });
  }, 30_000);

  it('queues jobs beyond its threads and counts the wait against their deadline', async () => {
    // Act: two threads busy spinning, a third job waits and expires in the queue
    const spins = [run('spin', [], 800), run('spin', [], 800)].map((p) => p.catch((e: unknown) => e));
    const queued = await run('echo', ['late'], 300).catch((e: unknown) => e);

    // Assess
    expect(queued).toBeInstanceOf(DocumentProcessingTimeoutError);
    expect(await Promise.all(spins)).toStrictEqual([expect.any(DocumentProcessingTimeoutError), expect.any(DocumentProcessingTimeoutError)]);
    expect(sandbox.stats()).toMatchObject({ busy: 0, queued: 0 });
  }, 30_000);
});

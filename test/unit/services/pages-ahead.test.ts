import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import { PAGE_IMAGE_DPI } from '#shared/services/page-image.ts';
import { PagesAheadFilterPatterns, PagesAheadRecord, renderAheadOf } from '#shared/services/pages-ahead.ts';
import { MemoryDocumentStore } from '#shared/store/document-store.ts';
import { matchesFilter } from '#shared/webhooks/stream.ts';

const example = (name: string) => new URL(`../../../examples/${name}`, import.meta.url).pathname;

const pdf = { sha256: 'a'.repeat(64), contentType: 'application/pdf', pages: 2, sizeBytes: 100 };
const verification = (over: Record<string, unknown> = {}) => ({
  pk: 'VERIFICATION#v_0000000001aa', sk: 'RESULT', entity: 'Verification', verificationId: 'v_0000000001aa', verdict: 'SUSPICIOUS', document: pdf, ...over,
});
const record = (eventName: 'INSERT' | 'MODIFY', image: Record<string, unknown>, old?: Record<string, unknown>) => ({
  eventID: '1', eventName, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'local',
  eventSourceARN: 'arn:aws:dynamodb:local:000000000000:table/t/stream/local',
  dynamodb: {
    Keys: marshall({ pk: image.pk, sk: image.sk }), NewImage: marshall(image, { removeUndefinedValues: true }),
    ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) } : {}),
    SequenceNumber: '1', SizeBytes: 1, StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

describe('PagesAheadFilterPatterns', () => {
  it('passes a PDF verification bound for the review queue, stored at once or replacing its upload placeholder', () => {
    expect(matchesFilter(record('INSERT', verification()), PagesAheadFilterPatterns)).toBe(true);
    expect(matchesFilter(record('INSERT', verification({ verdict: 'FRAUDULENT' })), PagesAheadFilterPatterns)).toBe(true);
    expect(matchesFilter(record('INSERT', verification({ verdict: 'UNVERIFIABLE' })), PagesAheadFilterPatterns)).toBe(true);
    expect(matchesFilter(record('MODIFY', verification(), { ...verification(), status: 'PENDING', verdict: undefined }), PagesAheadFilterPatterns)).toBe(true);
  });

  it('drops AUTHENTIC verdicts, images, typed-in fields, placeholders and later updates (a review)', () => {
    expect(matchesFilter(record('INSERT', verification({ verdict: 'AUTHENTIC' })), PagesAheadFilterPatterns)).toBe(false);
    expect(matchesFilter(record('INSERT', verification({ document: { ...pdf, contentType: 'image/jpeg' } })), PagesAheadFilterPatterns)).toBe(false);
    expect(matchesFilter(record('INSERT', verification({ document: undefined })), PagesAheadFilterPatterns)).toBe(false);
    expect(matchesFilter(record('INSERT', verification({ verdict: undefined, status: 'PENDING' })), PagesAheadFilterPatterns)).toBe(false);
    expect(matchesFilter(record('MODIFY', verification({ finalVerdict: 'FRAUDULENT' }), verification()), PagesAheadFilterPatterns)).toBe(false);
  });
});

describe('renderAheadOf', () => {
  it('renders the first pages of the stored document, and nothing twice', async () => {
    // Prepare
    const bytes = new Uint8Array(await readFile(example('tampered.pdf')));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const documents = new MemoryDocumentStore();
    await documents.put('v_0000000001aa', { bytes, contentType: 'application/pdf' });
    const change = PagesAheadRecord.parse(record('INSERT', verification({ document: { ...pdf, sha256 } })));

    // Act
    const first = await renderAheadOf({ documents }, change);
    const second = await renderAheadOf({ documents }, change);

    // Assess
    expect(first).toStrictEqual({ rendered: [1, 2] });
    expect(second).toStrictEqual({ rendered: [] });
    expect(Buffer.from((await documents.getPage({ sha256, page: 2, dpi: PAGE_IMAGE_DPI }))?.bytes ?? []).subarray(0, 3).toString('hex')).toBe('ffd8ff');
  });

  it('skips a document no longer stored or one that cannot be rendered, and throws an outage so that the stream retries', async () => {
    // Prepare
    const documents = new MemoryDocumentStore();
    await documents.put('v_0000000002bb', { bytes: new TextEncoder().encode('%PDF-1.7 not really'), contentType: 'application/pdf' });
    const failing = { ...documents, getPage: () => Promise.reject(new DependencyUnavailableError('s3', 'S3 is down')) } as unknown as MemoryDocumentStore;

    // Act
    const gone = await renderAheadOf({ documents }, PagesAheadRecord.parse(record('INSERT', verification())));
    const broken = await renderAheadOf({ documents }, PagesAheadRecord.parse(record('INSERT', verification({ verificationId: 'v_0000000002bb' }))));
    const outage = renderAheadOf({ documents: failing }, PagesAheadRecord.parse(record('INSERT', verification())));

    // Assess
    expect(gone).toStrictEqual({ skipped: 'DOCUMENT_NOT_STORED' });
    expect(broken).toMatchObject({ skipped: expect.stringMatching(/^[A-Z_]+$/) });
    await expect(outage).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

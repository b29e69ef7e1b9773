import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readDocument } from '#shared/services/read-document.ts';
import { LABELLED_CORPUS } from '../../../scripts/documents/corpus.ts';
import { renderTextPdf } from '../../../scripts/documents/index.ts';

describe('service: read-document', () => {
  beforeEach(() => {
    // The text PDF is read in this thread (pdf-text: no OCR, no worker needed).
    vi.stubEnv('DOCUMENT_SANDBOX', 'inline');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('hands the QR codes on once, each with its host and the page it was found on', async () => {
    // Prepare: a cover page followed by results pages, its QR code on the cover
    const entry = LABELLED_CORPUS.find((e) => e.id === 'en-inspection-cover-results' && e.role === 'genuine');
    if (!entry?.doc.qr) throw new Error('the corpus has no cover-results report with a QR code');

    // Act
    const reading = await readDocument({}, await renderTextPdf(entry.doc), { filename: 'report.pdf' });

    // Assess
    expect(reading.document?.pages).toBeGreaterThan(1);
    expect(reading.qr).toStrictEqual([{ payload: entry.doc.qr, host: new URL(entry.doc.qr).host, page: 1 }]);
    expect(reading.fields.qr).toMatchObject({ value: { payload: entry.doc.qr }, source: { page: 1 } });
  });
});

import { describe, expect, it } from 'vitest';
import { forensicsEvidence, pdfForensics } from '#shared/checks/pdf-forensics.ts';
import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import { CLEAN_PDF, makeContext } from './fixtures.ts';

describe('check: pdf-forensics', () => {
  it('passes a PDF with no sign of editing', () => {
    // Act & Assess
    expect(pdfForensics.run(makeContext())).toStrictEqual({
      name: 'pdf-forensics',
      status: 'PASS',
      code: 'CLEAN',
      message: 'The PDF shows no sign of editing after creation.',
      evidence: {
        producer: 'QS Report Engine 3.1',
        creator: null,
        creationDate: '2025-03-14T02:00:00.000Z',
        modificationDate: '2025-03-14T02:00:00.000Z',
        modifiedAfterCreation: false,
        incrementalUpdates: 0,
        editingTools: [],
      },
    });
  });

  it.each<[string, Partial<PdfForensics>, string, string]>([
    [
      'an editing tool and a change after creation',
      { producer: 'Wondershare PDFelement', editingTools: ['PDFelement'], modifiedAfterCreation: true, modificationDate: '2025-05-20T10:00:00.000Z' },
      'EDITED_WITH_TOOL',
      'The PDF was changed after creation with an editing tool (PDFelement).',
    ],
    ['appended revisions', { incrementalUpdates: 2 }, 'INCREMENTAL_UPDATES', 'The PDF has 2 revision(s) appended after its first save.'],
    ['a later modification date', { modifiedAfterCreation: true }, 'MODIFIED_AFTER_CREATION', 'The PDF was modified after it was created.'],
    ['an editing tool alone', { creator: 'Adobe Acrobat Pro', editingTools: ['Adobe Acrobat'] }, 'EDITING_TOOL', 'The PDF was produced with an editing tool (Adobe Acrobat).'],
  ])('warns on %s', (_title, change, code, message) => {
    // Prepare
    const forensics = { ...CLEAN_PDF, ...change };
    // Act & Assess
    expect(pdfForensics.run(makeContext({ forensics }))).toStrictEqual({
      name: 'pdf-forensics',
      status: 'WARN',
      code,
      message,
      evidence: forensicsEvidence(forensics),
    });
  });

  it('does not apply to images and typed-in fields', () => {
    // Act & Assess
    expect(pdfForensics.applies(makeContext({ forensics: undefined }))).toBe(false);
  });
});

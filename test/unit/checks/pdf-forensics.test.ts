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

  it('warns REWRITTEN_IN_UPDATE with what an incremental update changed, both values and the box', () => {
    const rewrittenText = [{ page: 1, before: 'TC-8800', after: 'TC-8801X', box: { left: 0.4, top: 0.3, width: 0.1, height: 0.02 } }];
    const forensics = { ...CLEAN_PDF, incrementalUpdates: 1, rewrittenText };
    expect(pdfForensics.run(makeContext({ forensics }))).toStrictEqual({
      name: 'pdf-forensics',
      status: 'WARN',
      code: 'REWRITTEN_IN_UPDATE',
      message: 'An incremental update rewrote printed text on page 1 ("TC-8800" became "TC-8801X"): an edit of the page.',
      evidence: { ...forensicsEvidence(forensics), rewrittenText },
    });
  });

  it('names COVERED_TEXT first when a page was both painted over and rewritten, with both lists', () => {
    const coveredText = [{ page: 1, hidden: 'RC-40A', visible: 'RC-41AX', box: { left: 0.4, top: 0.3, width: 0.1, height: 0.02 } }];
    const rewrittenText = [{ page: 2, before: 'PASS', after: 'FAIL', box: { left: 0.4, top: 0.6, width: 0.1, height: 0.02 } }];
    const forensics = { ...CLEAN_PDF, incrementalUpdates: 1, coveredText, rewrittenText };
    expect(pdfForensics.run(makeContext({ forensics }))).toMatchObject({ code: 'COVERED_TEXT', evidence: { coveredText, rewrittenText } });
  });

  it('does not apply to images and typed-in fields', () => {
    // Act & Assess
    expect(pdfForensics.applies(makeContext({ forensics: undefined }))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  analysePdfForensics,
  countIncrementalUpdates,
  detectEditingTools,
  originalRevision,
  parsePdfDate,
  rawStringValues,
  rewrittenTextEvidence,
} from '#shared/intake/pdf-forensics.ts';
import type { Line, TextPage } from '#shared/text/types.ts';
import { appendIncrementalUpdate, makePdf } from '../../fixtures/intake/generate.ts';

const created = new Date('2025-03-14T08:00:00Z');

describe('intake: pdf forensics', () => {
  it('reads Producer, Creator and dates of an untouched PDF', async () => {
    // Prepare
    const pdf = await makePdf({ info: { Producer: 'LIMS Report Engine 4.2', Creator: 'HuaCe LIMS', CreationDate: created, ModDate: created } });
    // Act
    const forensics = analysePdfForensics(pdf);
    // Assess
    expect(forensics).toStrictEqual({
      producer: 'LIMS Report Engine 4.2',
      creator: 'HuaCe LIMS',
      creationDate: '2025-03-14T08:00:00.000Z',
      modificationDate: '2025-03-14T08:00:00.000Z',
      modifiedAfterCreation: false,
      incrementalUpdates: 0,
      editingTools: [],
    });
  });

  it('sees an incremental update by an editing tool, modified after creation', async () => {
    // Prepare
    const original = await makePdf({ info: { Producer: 'LIMS Report Engine 4.2', CreationDate: created, ModDate: created } });
    const edited = appendIncrementalUpdate(original, { Producer: 'Wondershare PDFelement 9', ModDate: "D:20250320101500+08'00'" });
    // Act
    const forensics = analysePdfForensics(edited);
    // Assess
    expect(forensics).toStrictEqual({
      producer: 'Wondershare PDFelement 9',
      creator: 'PDFKit', // pdfkit's default Creator
      creationDate: '2025-03-14T08:00:00.000Z',
      modificationDate: '2025-03-20T02:15:00.000Z',
      modifiedAfterCreation: true,
      incrementalUpdates: 1,
      editingTools: ['Wondershare PDFelement'],
    });
  });

  it('prefers the Info dictionary pdf.js parsed, and still lists every tool seen', async () => {
    // Prepare
    const pdf = await makePdf({ info: { Producer: 'iLovePDF', CreationDate: created } });
    // Act
    const forensics = analysePdfForensics(pdf, { info: { Producer: 'Adobe Acrobat Pro DC 23.1', ModDate: "D:20250401120000Z" } });
    // Assess
    expect(forensics.producer).toBe('Adobe Acrobat Pro DC 23.1');
    expect(forensics.editingTools).toStrictEqual(['Adobe Acrobat', 'iLovePDF']);
    expect(forensics.modifiedAfterCreation).toBe(true);
  });

  it('reads XMP CreatorTool and dates', () => {
    // Prepare
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:CreateDate="2025-03-14T08:00:00Z">' +
      '<xmp:CreatorTool>Adobe Photoshop 25.0</xmp:CreatorTool><xmp:ModifyDate>2025-03-15T08:00:00Z</xmp:ModifyDate>' +
      '</rdf:Description></rdf:RDF></x:xmpmeta>';
    // Act
    const forensics = analysePdfForensics(Buffer.from('%PDF-1.4\n%%EOF\n'), { xmp });
    // Assess
    expect(forensics).toStrictEqual({
      creator: 'Adobe Photoshop 25.0',
      creationDate: '2025-03-14T08:00:00.000Z',
      modificationDate: '2025-03-15T08:00:00.000Z',
      modifiedAfterCreation: true,
      incrementalUpdates: 0,
      editingTools: ['Adobe Photoshop'],
    });
  });
});

describe('intake: detectEditingTools', () => {
  it.each([
    ['Adobe Acrobat Pro DC 23.1.20093', ['Adobe Acrobat']],
    ['Acrobat Distiller 11.0 (Windows)', []],
    ['Acrobat PDFMaker 21 for Word', []],
    ['Foxit PhantomPDF Printer Version 9.0', ['Foxit']],
    ['Smallpdf.com', ['Smallpdf']],
    ['Sejda (https://www.sejda.com)', ['Sejda']],
    ['PDF-XChange Editor 9.5', ['PDF-XChange']],
    ['Nitro Pro 13', ['Nitro PDF']],
    ['WPS 文字', ['WPS Office']],
    ['Microsoft® Word for Microsoft 365', []],
  ])('%s → %j', (name, tools) => {
    // Act & Assess
    expect(detectEditingTools([name])).toStrictEqual(tools);
  });
});

describe('intake: pdf syntax helpers', () => {
  it('parses PDF dates with and without offsets', () => {
    // Act & Assess
    expect(parsePdfDate("D:20250314160000+08'00'")).toBe('2025-03-14T08:00:00.000Z');
    expect(parsePdfDate('D:20250314')).toBe('2025-03-14T00:00:00.000Z');
    expect(parsePdfDate('garbage')).toBeUndefined();
  });

  it('decodes literal strings with escapes and UTF-16BE hex strings', () => {
    // Prepare
    const text = '/Producer (A \\(B\\) C) /Creator <FEFF5E7F5DDE>';
    // Act & Assess
    expect(rawStringValues(text, 'Producer')).toStrictEqual(['A (B) C']);
    expect(rawStringValues(text, 'Creator')).toStrictEqual(['广州']);
  });

  it('does not count a linearized file\'s first-page trailer or outline /Prev as updates', () => {
    // Prepare
    const linearized = '%PDF-1.6\n1 0 obj << /Linearized 1 /L 100 >> endobj\ntrailer << /Prev 500 >> startxref 0 %%EOF\n' +
      '5 0 obj << /Title (b) /Prev 4 0 R >> endobj\ntrailer << /Size 6 >> startxref 10 %%EOF\n';
    // Act & Assess
    expect(countIncrementalUpdates(linearized)).toBe(0);
  });
});

describe('intake: rewritten text (incremental updates)', () => {
  const line = (text: string, left: number, top: number): Line => ({ text, confidence: 1, box: { left, top, width: 0.2, height: 0.015 } });
  const page = (...lines: Line[]): TextPage => ({ pageNumber: 1, lines });

  it('finds the first revision of an updated file, and none of a file saved once', async () => {
    const pdf = await makePdf({ info: { Producer: 'LIMS', CreationDate: created, ModDate: created } });
    const updated = appendIncrementalUpdate(pdf, { Producer: 'PDFelement', ModDate: 'D:20250520100000Z' });

    expect(originalRevision(pdf)).toBeUndefined();
    expect(Buffer.from(originalRevision(updated) ?? []).equals(pdf)).toBe(true);
  });

  it('reports a changed value with the words before and after, and the box they share', () => {
    const before = page(line('Report No.: NPT-25-0412-0093', 0.3, 0.1), line('Manufacturer', 0.1, 0.4), line('Jinhua Merrytoys Manufacturing Co., Ltd.', 0.4, 0.4));
    const after = page(line('Report No.: NPT-25-0412-0093', 0.3, 0.1), line('Manufacturer', 0.1, 0.4), line('Dongguan Fastline Electronics Co., Ltd.', 0.4, 0.4));

    expect(rewrittenTextEvidence([before], [after])).toStrictEqual([
      { page: 1, before: 'Jinhua Merrytoys Manufacturing', after: 'Dongguan Fastline Electronics', box: { left: 0.4, top: 0.4, width: 0.2, height: 0.015 } },
    ]);
  });

  it('keeps only the changed words of a labelled line, and reports added and removed text', () => {
    const before = page(line('Report No.: NPT-25-0412-0093', 0.3, 0.1), line('Checked by: Li Wei', 0.1, 0.8));
    const after = page(line('Report No.: NPT-25-0412-0999', 0.3, 0.1), line('Approved', 0.7, 0.9));

    expect(rewrittenTextEvidence([before], [after]).map(({ before: b, after: a }) => [b, a])).toStrictEqual([
      ['NPT-25-0412-0093', 'NPT-25-0412-0999'],
      ['Checked by: Li Wei', ''],
      ['', 'Approved'],
    ]);
  });

  it('finds nothing when an update left the text alone (a signature, new metadata)', () => {
    const same = page(line('Report No.: NPT-25-0412-0093', 0.3, 0.1), line('FAIL', 0.4, 0.6));
    expect(rewrittenTextEvidence([same], [structuredClone(same)])).toStrictEqual([]);
  });
});

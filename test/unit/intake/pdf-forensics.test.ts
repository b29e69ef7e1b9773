import { describe, expect, it } from 'vitest';
import {
  analysePdfForensics,
  countIncrementalUpdates,
  detectEditingTools,
  parsePdfDate,
  rawStringValues,
} from '#shared/intake/pdf-forensics.ts';
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

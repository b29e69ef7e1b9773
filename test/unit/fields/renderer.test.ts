import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  composeDocument,
  formatDate,
  groundTruth,
  renderScanJpeg,
  renderScanPdf,
  renderTextPdf,
  wrap,
  type DocumentDescription,
} from '../../../scripts/documents/index.ts';
import { measure } from '../../../scripts/documents/fonts.ts';
import { CORPUS_DOCUMENTS } from '../../../scripts/documents/corpus.ts';
import { readPdfText } from './read-pdf-text.ts';

const byId = (id: string): DocumentDescription => {
  const doc = CORPUS_DOCUMENTS.find((d) => d.id === id);
  if (!doc) throw new Error(id);
  return doc;
};
const zhCover = byId('zh-inspection-cover');
const enCert = byId('en-iso-certificate');

describe('document renderer', () => {
  it('renders a text PDF with the Chinese text extractable, the same bytes every time', async () => {
    // Act
    const [a, b] = [await renderTextPdf(zhCover), await renderTextPdf(zhCover)];
    const text = await readPdfText(a);
    // Assess
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(text.pages).toHaveLength(2);
    const lines = text.pages.flatMap((p) => p.lines.map((l) => l.text));
    expect(lines).toContain('报告编号：HXJC-2025-03-0815');
    expect(lines).toContain('宁波明川家电制造有限公司');
  });

  it('accepts arbitrary field values and metadata (demo documents: tampered, fake number …)', async () => {
    // Prepare
    const tampered: DocumentDescription = {
      ...zhCover,
      id: 'tampered',
      fields: { ...zhCover.fields, reportNumber: 'FAKE-0001', productName: '电动自行车充电器 (改)', issueDate: '2025-13-45' },
      metadata: { producer: 'Adobe Photoshop 25.0', creationDate: new Date('2025-03-14T08:00:00Z'), modDate: new Date('2025-06-01T08:00:00Z') },
    };
    // Act
    const pdf = Buffer.from(await renderTextPdf(tampered));
    const lines = (await readPdfText(new Uint8Array(pdf))).pages.flatMap((p) => p.lines.map((l) => l.text));
    // Assess
    expect(lines).toContain('报告编号：FAKE-0001');
    expect(lines).toContain('2025-13-45');
    expect(pdf.toString('latin1')).toContain('Adobe Photoshop 25.0');
    expect(groundTruth(tampered)).toMatchObject({ reportNumber: 'FAKE-0001', productName: '电动自行车充电器 (改)' });
    expect(groundTruth(tampered).issueDate).toBeUndefined();
  });

  it('renders a scan: JPEG at the requested dpi, deterministic for a seed, different for another', async () => {
    // Act
    const a = await renderScanJpeg(enCert, { dpi: 72, seed: 3 });
    const b = await renderScanJpeg(enCert, { dpi: 72, seed: 3 });
    const c = await renderScanJpeg(enCert, { dpi: 72, seed: 4 });
    const meta = await sharp(a).metadata();
    // Assess
    expect(meta).toMatchObject({ format: 'jpeg', width: 595, height: 842, density: 72 });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('wraps the scan as an image-only PDF, one page per page, without a text layer', async () => {
    // Act
    const pdf = await renderScanPdf(zhCover, { dpi: 60, seed: 1 });
    const text = await readPdfText(pdf);
    // Assess
    expect(text.pages).toHaveLength(2);
    expect(text.pages.flatMap((p) => p.lines)).toStrictEqual([]);
  });

  it('draws the same layout for both targets and records what it printed', () => {
    // Act
    const layout = composeDocument(enCert);
    // Assess
    expect(layout.pages).toHaveLength(1);
    const items = layout.pages[0]?.items ?? [];
    const texts = items.flatMap((i) => (i.type === 'text' ? [i.text] : []));
    expect(texts).toContain('Certificate No.: 12325Q30471R1M');
    expect(texts).toContain('Date of Issue: 03/14/2025');
    expect(items.some((i) => i.type === 'qr')).toBe(true);
    expect(layout.printed).toStrictEqual({
      documentType: 'CERTIFICATE',
      issuerName: 'Meridian Assurance Certification Co., Ltd.',
      accreditationNumbers: [
        { scheme: 'CNAS', number: 'C215-M' },
        { scheme: 'CNCA', number: 'CNCA-R-2004-118' },
      ],
      reportNumber: '12325Q30471R1M',
      certificateHolder: 'Bluewave Home Appliances Co., Ltd.',
      standards: ['ISO 9001:2015'],
      certificationScope: 'Design, production and sales of electric rice cookers, electric kettles and small kitchen appliances',
      issueDate: '2025-03-14',
      validUntil: '2028-03-13',
      qr: { payload: 'https://cert.meridian-assurance.example/check?no=12325Q30471R1M', host: 'cert.meridian-assurance.example' },
    });
  });
});

describe('formatDate', () => {
  it.each([
    ['iso', '2025-03-14'],
    ['dot', '2025.03.14'],
    ['zh', '2025年3月14日'],
    ['en-dmy', '14 March 2025'],
    ['en-mdy', 'March 14, 2025'],
    ['us', '03/14/2025'],
  ] as const)('prints %s as %s', (style, text) => {
    // Act & Assess
    expect(formatDate('2025-03-14', style)).toStrictEqual({ text, iso: '2025-03-14' });
  });

  it('gives no ISO value for an ambiguous US date or a value that is not a date', () => {
    // Act & Assess
    expect(formatDate('2025-03-04', 'us')).toStrictEqual({ text: '03/04/2025' });
    expect(formatDate('sometime', 'zh')).toStrictEqual({ text: 'sometime' });
  });
});

describe('wrap', () => {
  it('breaks Latin text at spaces and Chinese text anywhere, within the width', () => {
    // Prepare
    const en = wrap('Design, production and sales of electric rice cookers and kettles', 150, 12);
    const zh = wrap('电热水壶、电饭锅及小型厨房电器的设计、生产和销售', 120, 12);
    // Act & Assess
    expect(en.join(' ')).toBe('Design, production and sales of electric rice cookers and kettles');
    expect(zh.join('')).toBe('电热水壶、电饭锅及小型厨房电器的设计、生产和销售');
    expect(en.length).toBeGreaterThan(1);
    expect(zh.length).toBeGreaterThan(1);
    for (const l of [...en, ...zh]) expect(measure(l, 12)).toBeLessThanOrEqual(150);
  });
});

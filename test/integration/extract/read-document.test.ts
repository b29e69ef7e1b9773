import { afterAll, describe, expect, it } from 'vitest';
import {
  CorruptImageError,
  CorruptPdfError,
  DisguisedFileError,
  DocumentProcessingTimeoutError,
  DocumentTooLargeError,
  EmptyDocumentError,
  EncryptedPdfError,
  TooManyPagesError,
  TruncatedDocumentError,
  UnsupportedMediaTypeError,
} from '#shared/domain/errors.ts';
import type { ExtractedFields } from '#shared/domain/verification.ts';
import { DEFAULT_LIMITS } from '#shared/intake/limits.ts';
import { sha256Hex } from '#shared/intake/hash.ts';
import { extractDocument } from '#shared/text/read-document.ts';
import { TesseractEngine } from '#shared/text/tesseract.ts';
import type { TextResult } from '#shared/text/types.ts';
import {
  ascii,
  corruptPdf,
  corruptPng,
  encryptedPdf,
  fakeExe,
  makeImageWithQr,
  makePageImage,
  makePdf,
  makeQrPng,
  makeScan,
  truncate,
} from '../../fixtures/intake/generate.ts';
import sharp from 'sharp';

const tesseract = new TesseractEngine();
afterAll(async () => {
  await tesseract.terminate();
});

/** The field parser is another module's concern; here we capture what it was given. */
const capture = () => {
  const seen: TextResult[] = [];
  return { seen, parse: (text: TextResult): ExtractedFields => (seen.push(text), {}) };
};

describe('service: extractDocument', () => {
  it('reads a text PDF without OCR, with forensics and the QR code', async () => {
    // Prepare
    const qr = await makeQrPng('https://verify.example-lab.cn/r/HC2025-031400127');
    const pdf = await makePdf({
      pages: [['Test Report', 'Report No.: HC2025-031400127', 'Sample Name: Electric Toothbrush'], ['Conclusion: PASS']],
      image: qr,
      info: { Producer: 'LIMS 4', CreationDate: new Date('2025-03-14T08:00:00Z') },
    });
    const { seen, parse } = capture();
    // Act
    const result = await extractDocument(pdf, { engine: 'auto', tesseract, parse });
    // Assess
    expect(result.document).toStrictEqual({ sha256: sha256Hex(pdf), contentType: 'application/pdf', pages: 2, sizeBytes: pdf.length });
    expect(result.textSource).toBe('pdf-text');
    expect(seen[0]?.pages.map((p) => p.lines.map((l) => l.text))).toStrictEqual([
      ['Test Report', 'Report No.: HC2025-031400127', 'Sample Name: Electric Toothbrush'],
      ['Conclusion: PASS'],
    ]);
    expect(result.qr).toStrictEqual([{ payload: 'https://verify.example-lab.cn/r/HC2025-031400127', host: 'verify.example-lab.cn', page: 1 }]);
    expect(result.fields).toStrictEqual({
      qr: { value: { payload: 'https://verify.example-lab.cn/r/HC2025-031400127', host: 'verify.example-lab.cn' }, confidence: 1, source: { page: 1 } },
    });
    expect(result.forensics).toMatchObject({ producer: 'LIMS 4', incrementalUpdates: 0, editingTools: [] });
  });

  it('uses the real field parser by default', async () => {
    // Prepare
    const pdf = await makePdf({ pages: [['Test Report', 'Report No.: HC2025-031400127']] });
    // Act
    const result = await extractDocument(pdf, { tesseract });
    // Assess
    expect(result.fields.reportNumber?.value).toBe('HC2025-031400127');
    expect(result.fields.reportNumber?.source.page).toBe(1);
  });

  it('OCRs a scanned PDF (no text layer) with PaddleOCR by default and finds its QR code', async () => {
    // Prepare: a page image with a QR code, placed in a PDF as its only content
    const pageImage = makePageImage(
      [
        ['Report No.', 'HC2025-031400127'],
        ['Conclusion', 'PASS'],
      ],
      { width: 1240 },
    );
    const withQr = await sharp(pageImage)
      .composite([{ input: await makeQrPng('https://verify.example-lab.cn/r/HC2025-031400127', 200), left: 900, top: 1400 }])
      .png()
      .toBuffer();
    const pdf = await makePdf({ pageImages: [withQr] });
    const progress: string[] = [];
    // Act
    const result = await extractDocument(pdf, { tesseract, dpi: 150, parse: () => ({}), onProgress: (e) => progress.push(`${e.stage} ${e.page}/${e.pages}`) });
    // Assess
    expect(result.textSource).toBe('paddle');
    expect(result.text.pages[0]?.lines.map((l) => l.text).slice(0, 2)).toStrictEqual(['Report No. HC2025-031400127', 'Conclusion PASS']);
    expect(progress).toStrictEqual(['ocr 1/1', 'render 1/1']);
    expect(result.fields.qr?.value.host).toBe('verify.example-lab.cn');
  }, 60_000);

  it('reads a JPEG scan with tesseract and its QR code', async () => {
    // Prepare
    const scan = await makeScan(await makeImageWithQr('https://cx.cnca.cn/q?no=1'), 0.5);
    // Act
    const result = await extractDocument(scan, { engine: 'tesseract', tesseract, parse: () => ({}) });
    // Assess
    expect(result.document.contentType).toBe('image/jpeg');
    expect(result.textSource).toBe('tesseract');
    expect(result.qr).toStrictEqual([{ payload: 'https://cx.cnca.cn/q?no=1', host: 'cx.cnca.cn', page: 1 }]);
  }, 60_000);

  it('honours --engine pdf-text on an image: no text, no OCR', async () => {
    // Act
    const result = await extractDocument(await makeQrPng('x'), { engine: 'pdf-text', tesseract, parse: () => ({}) });
    // Assess
    expect(result.text).toStrictEqual({ engine: 'pdf-text', pages: [], keyValues: [] });
  });
});

describe('service: extractDocument on hostile input', () => {
  const limits = { ...DEFAULT_LIMITS, timeoutMs: 20_000 };
  const run = (bytes: Uint8Array, filename = 'upload.pdf', overrides: Partial<typeof limits> = {}) =>
    extractDocument(bytes, { tesseract, limits: { ...limits, ...overrides }, claimed: { filename }, parse: () => ({}) });

  it.each([
    ['an .exe named .png', () => fakeExe(), 'report.png', DisguisedFileError, 'DISGUISED_FILE'],
    ['text named .pdf', () => ascii('hello, this is not a PDF\n'), 'report.pdf', DisguisedFileError, 'DISGUISED_FILE'],
    ['a GIF', () => ascii('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'photo.gif', UnsupportedMediaTypeError, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an empty file', () => new Uint8Array(), 'report.pdf', EmptyDocumentError, 'EMPTY_DOCUMENT'],
    ['a corrupt PDF', () => corruptPdf(), 'report.pdf', CorruptPdfError, 'CORRUPT_PDF'],
    ['an encrypted PDF', () => encryptedPdf(), 'report.pdf', EncryptedPdfError, 'ENCRYPTED_PDF'],
    ['a corrupt PNG', () => corruptPng(), 'scan.png', CorruptImageError, 'CORRUPT_IMAGE'],
  ] as const)('rejects %s', async (_name, make, filename, errorClass, code) => {
    // Act & Assess
    await expect(run(make(), filename)).rejects.toThrow(errorClass);
    await expect(run(make(), filename)).rejects.toMatchObject({ code });
  });

  it('rejects a truncated PDF and a truncated JPEG', async () => {
    const pdf = await makePdf();
    await expect(run(truncate(pdf, 0.7))).rejects.toThrow(TruncatedDocumentError);
    const jpeg = await sharp(await makeQrPng('x')).jpeg().toBuffer();
    await expect(run(truncate(jpeg, 0.7), 'scan.jpg')).rejects.toThrow(TruncatedDocumentError);
  });

  it('rejects a JPEG cut inside its data even when the end marker survives', async () => {
    // Prepare
    const jpeg = await sharp(await makeQrPng('x')).jpeg().toBuffer();
    const cut = Buffer.concat([jpeg.subarray(0, Math.floor(jpeg.length / 3)), Buffer.from([0xff, 0xd9])]);
    // Act & Assess
    await expect(run(cut, 'scan.jpg')).rejects.toBeInstanceOf(CorruptImageError);
  });

  it('rejects too many bytes and too many pages with 413 errors, before rendering', async () => {
    // Prepare
    const pdf = await makePdf({ pages: [['1'], ['2'], ['3']] });
    // Act & Assess
    await expect(run(pdf, 'r.pdf', { maxBytes: 100 })).rejects.toThrow(DocumentTooLargeError);
    await expect(run(pdf, 'r.pdf', { maxPages: 2 })).rejects.toThrow(TooManyPagesError);
  });

  it('rejects a pixel bomb without decoding it', async () => {
    // Prepare
    const big = await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#fff' } }).png().toBuffer();
    // Act & Assess
    await expect(run(big, 'scan.png', { maxPixels: 10_000_000 })).rejects.toThrow(DocumentTooLargeError);
  });

  it('gives up with DOCUMENT_PROCESSING_TIMEOUT instead of hanging', async () => {
    // Prepare
    const scan = await makeScan(makePageImage([['Report No.', 'HC2025-1']], { width: 1240 }));
    // Act & Assess
    await expect(run(scan, 'scan.jpg', { timeoutMs: 50 })).rejects.toThrow(DocumentProcessingTimeoutError);
  });
});

import { PDFDocument, degrees } from 'pdf-lib';
import PDFKit from 'pdfkit';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { openPdf, type PDFDocumentProxy } from '#shared/text/pdf-document.ts';
import { coversPage, pageJpeg, singleDoTransform } from '#shared/text/pdf-page-images.ts';
import { jpegsToPdf } from '../../../scripts/documents/index.ts';

const A4 = { width: 595.28, height: 841.89 };
const limits = { timeoutMs: 20_000, maxImagePixels: 50_000_000 };

/** A small gray "scan" with some ink, as a baseline JPEG. */
const scanJpeg = (seed: number, width = 248, height = 351): Promise<Buffer> => {
  const pixels = Buffer.alloc(width * height, 255);
  for (let i = seed; i < pixels.length; i += 97 + seed) pixels[i] = 0;
  return sharp(pixels, { raw: { width, height, channels: 1 } }).jpeg({ quality: 80 }).toBuffer();
};

const pdfKit = (draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> => {
  const doc = new PDFKit({ autoFirstPage: false, compress: true });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  draw(doc);
  doc.end();
  return done;
};

const opened: PDFDocumentProxy[] = [];
const open = async (bytes: Uint8Array): Promise<PDFDocumentProxy> => {
  const pdf = await openPdf(bytes, limits);
  opened.push(pdf);
  return pdf;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((pdf) => pdf.loadingTask.destroy()));
});

describe('text: pageJpeg', () => {
  it('returns the embedded JPEG of each page of a scanned PDF, byte for byte', async () => {
    // Prepare: a two-page image-only PDF as the scan renderer writes it (pdfkit, flipped CTM)
    const jpegs = [await scanJpeg(1), await scanJpeg(2)];
    const bytes = await jpegsToPdf(jpegs, [A4, A4]);
    const pdf = await open(bytes);
    // Act
    const pages = [await pageJpeg(bytes, pdf, 1), await pageJpeg(bytes, pdf, 2)];
    // Assess
    expect(pages.map((p) => p && Buffer.from(p))).toStrictEqual(jpegs);
  });

  it('returns the JPEG of a page drawn with pdf-lib, upright and full-page', async () => {
    // Prepare
    const jpeg = await scanJpeg(3);
    const doc = await PDFDocument.create();
    const page = doc.addPage([A4.width, A4.height]);
    page.drawImage(await doc.embedJpg(jpeg), { x: 0, y: 0, width: A4.width, height: A4.height });
    const bytes = await doc.save();
    // Act
    const found = await pageJpeg(bytes, await open(bytes), 1);
    // Assess
    expect(found && Buffer.from(found)).toStrictEqual(jpeg);
  });

  it('returns undefined for a text page', async () => {
    // Prepare
    const bytes = await pdfKit((doc) => {
      doc.addPage({ size: [A4.width, A4.height], margin: 0 });
      doc.fontSize(14).text('Report No.: HC2025-1', 72, 72);
    });
    // Act
    const found = await pageJpeg(bytes, await open(bytes), 1);
    // Assess
    expect(found).toBeUndefined();
  });

  it('returns undefined for a page with text over the scan', async () => {
    // Prepare
    const jpeg = await scanJpeg(4);
    const bytes = await pdfKit((doc) => {
      doc.addPage({ size: [A4.width, A4.height], margin: 0 });
      doc.image(jpeg, 0, 0, { width: A4.width, height: A4.height });
      doc.fontSize(14).text('Report No.: HC2025-1', 72, 72);
    });
    // Act
    const found = await pageJpeg(bytes, await open(bytes), 1);
    // Assess
    expect(found).toBeUndefined();
  });

  it('returns undefined for a page with two images', async () => {
    // Prepare: the scan plus a small stamp
    const [scan, stamp] = [await scanJpeg(5), await scanJpeg(6, 40, 40)];
    const bytes = await pdfKit((doc) => {
      doc.addPage({ size: [A4.width, A4.height], margin: 0 });
      doc.image(scan, 0, 0, { width: A4.width, height: A4.height });
      doc.image(stamp, 400, 700, { width: 60, height: 60 });
    });
    // Act
    const found = await pageJpeg(bytes, await open(bytes), 1);
    // Assess
    expect(found).toBeUndefined();
  });

  it('returns undefined for a page with /Rotate and for an image placed rotated', async () => {
    // Prepare: page 1 carries /Rotate 90, page 2 draws the image turned by 90°
    const jpeg = await scanJpeg(7);
    const doc = await PDFDocument.create();
    const image = await doc.embedJpg(jpeg);
    const rotatedPage = doc.addPage([A4.width, A4.height]);
    rotatedPage.drawImage(image, { x: 0, y: 0, width: A4.width, height: A4.height });
    rotatedPage.setRotation(degrees(90));
    const landscape = doc.addPage([A4.height, A4.width]);
    landscape.drawImage(image, { x: A4.height, y: 0, width: A4.width, height: A4.height, rotate: degrees(90) });
    const bytes = await doc.save();
    const pdf = await open(bytes);
    // Act
    const found = [await pageJpeg(bytes, pdf, 1), await pageJpeg(bytes, pdf, 2)];
    // Assess
    expect(found).toStrictEqual([undefined, undefined]);
  });

  it('returns undefined for an image that covers half the page, and for a PNG (Flate) scan', async () => {
    // Prepare
    const jpeg = await scanJpeg(8);
    const png = await sharp(jpeg).png().toBuffer();
    const doc = await PDFDocument.create();
    doc.addPage([A4.width, A4.height]).drawImage(await doc.embedJpg(jpeg), { x: 0, y: 0, width: A4.width, height: A4.height / 2 });
    doc.addPage([A4.width, A4.height]).drawImage(await doc.embedPng(png), { x: 0, y: 0, width: A4.width, height: A4.height });
    const bytes = await doc.save();
    const pdf = await open(bytes);
    // Act
    const found = [await pageJpeg(bytes, pdf, 1), await pageJpeg(bytes, pdf, 2)];
    // Assess
    expect(found).toStrictEqual([undefined, undefined]);
  });

  it('returns undefined for a JPEG with more pixels than allowed', async () => {
    // Prepare
    const jpeg = await scanJpeg(9);
    const bytes = await jpegsToPdf([jpeg], [A4]);
    // Act
    const found = await pageJpeg(bytes, await open(bytes), 1, { maxPixels: 1_000 });
    // Assess
    expect(found).toBeUndefined();
  });
});

describe('text: singleDoTransform and coversPage', () => {
  it('composes q/cm/Do into the image transform and rejects anything else', () => {
    // Act
    const flipped = singleDoTransform('1 0 0 -1 0 841.89 cm\nq\n595.28 0 0 -841.89 0 841.89 cm\n/I1 Do\nQ\n');
    // Assess
    expect(flipped?.name).toBe('I1');
    expect(flipped?.ctm.map((v) => Math.round(v * 100) / 100)).toStrictEqual([595.28, 0, 0, 841.89, 0, 0]);
    expect(flipped && coversPage(flipped.ctm, [0, 0, 595.28, 841.89])).toBe(true);
    expect(singleDoTransform('q 595 0 0 842 0 0 cm /Im0 Do Q /Im1 Do')).toBeUndefined();
    expect(singleDoTransform('q 595 0 0 842 0 0 cm /Im0 Do Q BT /F1 12 Tf (x) Tj ET')).toBeUndefined();
    expect(singleDoTransform('/GS0 gs q 595 0 0 842 0 0 cm /Im0 Do Q')).toBeUndefined();
    expect(coversPage([0, 842, -595, 0, 595, 0], [0, 0, 595, 842])).toBe(false);
    expect(coversPage([595, 0, 0, -842, 0, 842], [0, 0, 595, 842])).toBe(false);
  });
});

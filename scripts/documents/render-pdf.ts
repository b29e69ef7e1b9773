/**
 * Target 1: a PDF with a text layer, drawn from the layout with pdfkit and the
 * embedded (subset) Noto Sans SC font.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { composeDocument } from './compose.ts';
import { fontBytes } from './fonts.ts';
import type { DocumentDescription, DocumentLayout, PageLayout } from './types.ts';

/** Fixed so that the same description gives the same bytes. */
export const DEFAULT_PDF_DATE = new Date('2025-01-01T00:00:00Z');

type Metadata = NonNullable<DocumentDescription['metadata']>;

const collect = (doc: PDFKit.PDFDocument): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

export const newPdf = (metadata: Metadata | undefined, title: string): PDFKit.PDFDocument => {
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    info: {
      Title: metadata?.title ?? title,
      Author: metadata?.author ?? '',
      Creator: metadata?.creator ?? 'certverify document renderer',
      Producer: metadata?.producer ?? 'certverify document renderer',
      CreationDate: metadata?.creationDate ?? DEFAULT_PDF_DATE,
      ModDate: metadata?.modDate ?? metadata?.creationDate ?? DEFAULT_PDF_DATE,
    },
  });
  // pdfkit derives the file ID from the date and info; keep it stable too.
  return doc;
};

const drawPage = (pdf: PDFKit.PDFDocument, page: PageLayout): void => {
  pdf.addPage({ size: [page.width, page.height], margin: 0 });
  for (const item of page.items) {
    switch (item.type) {
      case 'text':
        pdf
          .font(item.bold ? 'bold' : 'regular')
          .fontSize(item.size)
          .fillColor(item.color ?? '#000000')
          .text(item.text, item.x, item.y, { lineBreak: false, baseline: 'alphabetic' });
        break;
      case 'line':
        pdf.moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).lineWidth(item.width).strokeColor(item.color ?? '#000000').stroke();
        break;
      case 'rect':
        pdf.rect(item.x, item.y, item.w, item.h).lineWidth(item.width).strokeColor(item.color ?? '#000000').stroke();
        break;
      case 'fill':
        pdf.rect(item.x, item.y, item.w, item.h).fillColor(item.color).fill();
        break;
      case 'circle':
        pdf.circle(item.cx, item.cy, item.r).lineWidth(item.width).strokeColor(item.color ?? '#000000').stroke();
        break;
      case 'qr': {
        const qr = QRCode.create(item.payload, { errorCorrectionLevel: 'M' });
        const n = qr.modules.size;
        const cell = item.size / (n + 8);
        const x0 = item.x + cell * 4;
        const y0 = item.y + cell * 4;
        pdf.fillColor('#000000');
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < n; c++) {
            if (qr.modules.get(r, c)) pdf.rect(x0 + c * cell, y0 + r * cell, cell + 0.01, cell + 0.01);
          }
        }
        pdf.fill();
        break;
      }
    }
  }
};

/** Draws a composed layout as a text PDF. */
export const renderLayoutPdf = async (layout: DocumentLayout, metadata?: Metadata, title = 'Document'): Promise<Uint8Array> => {
  const pdf = newPdf(metadata, title);
  const done = collect(pdf);
  pdf.registerFont('regular', fontBytes('regular'));
  pdf.registerFont('bold', fontBytes('bold'));
  for (const page of layout.pages) drawPage(pdf, page);
  pdf.end();
  return done;
};

/** A PDF with a text layer (embedded CJK font) of the described document. */
export const renderTextPdf = async (doc: DocumentDescription): Promise<Uint8Array> =>
  renderLayoutPdf(composeDocument(doc), doc.metadata, doc.id);

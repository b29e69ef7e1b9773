/**
 * The document renderer: a document description → a text PDF, a 300-dpi scan
 * (JPEG per page) and the scan as an image-only PDF, plus the ground truth.
 */
export { composeDocument, formatDate, wrap, A4 } from './compose.ts';
export { renderTextPdf, renderLayoutPdf, DEFAULT_PDF_DATE } from './render-pdf.ts';
export { renderScanJpeg, renderScanJpegs, renderScanPdf, scanLayout, jpegsToPdf, seededRandom, type ScanOptions } from './render-scan.ts';
export { groundTruth } from './ground-truth.ts';
export * from './types.ts';

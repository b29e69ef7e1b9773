/**
 * Turns a document description into its page layout: positioned text runs,
 * ruling lines, marks, a QR code and a seal. One template per kind and layout.
 * The layout also records what it printed, normalised: the ground truth.
 */
import type { DocumentType } from '#shared/domain/report.ts';
import { inspectionLayout } from './compose-layouts.ts';
import type { Page } from './compose-page.ts';
import { Printed } from './compose-printed.ts';
import { certificate, gemReport, inspectionCover, inspectionTable } from './compose-templates.ts';
import { measure } from './fonts.ts';
import type { DocumentDescription, DocumentLayout } from './types.ts';

// The renderer's parts, for the layouts and the corpus scripts that import them from here.
export { A4, type Cell, joinWrapped, Page, table, wrap } from './compose-page.ts';
export { formatDate, Printed } from './compose-printed.ts';
export { addQr, colon, conclusionText, header, inspectionRows, L, labelValueRows, signatures } from './compose-parts.ts';

const DOCUMENT_TYPES: Record<DocumentDescription['kind'], DocumentType> = {
  'inspection-report': 'INSPECTION_REPORT',
  'system-certificate': 'CERTIFICATE',
  'gem-report': 'GEM_REPORT',
};

/**
 * A white-out edit: the first text run that prints `printed` gets the original
 * text drawn first at the same place, then an opaque white box over it, then
 * the printed (forged) text on top, as an editor's white-out tool does.
 */
const whiteOut = (pages: Page[], edit: NonNullable<DocumentDescription['whiteOut']>): void => {
  for (const page of pages) {
    const i = page.items.findIndex((it) => it.type === 'text' && it.text.includes(edit.printed));
    const item = page.items[i];
    if (!item || item.type !== 'text') continue;
    const original = item.text.replace(edit.printed, edit.original);
    const width = Math.max(measure(original, item.size, item.bold), measure(item.text, item.size, item.bold));
    page.items.splice(
      i,
      0,
      { ...item, text: original },
      { type: 'fill', x: item.x - 1, y: item.y - item.size * 1.05, w: width + 2, h: item.size * 1.4, color: '#ffffff' },
    );
    return;
  }
  throw new Error(`white-out: no text run prints ${edit.printed}`);
};

/** The page layout of a document and what it printed (the ground truth). */
export const composeDocument = (doc: DocumentDescription): DocumentLayout => {
  const printed = new Printed(doc);
  printed.truth.documentType = DOCUMENT_TYPES[doc.kind];
  let pages: Page[];
  switch (doc.kind) {
    case 'inspection-report':
      pages = (doc.layout ?? 'cover') === 'table' ? inspectionTable(doc, printed) : (doc.layout ?? 'cover') === 'cover' ? inspectionCover(doc, printed) : inspectionLayout(doc, printed);
      break;
    case 'system-certificate':
      pages = certificate(doc, printed);
      break;
    case 'gem-report':
      pages = gemReport(doc, printed);
      break;
  }
  if (doc.whiteOut) whiteOut(pages, doc.whiteOut);
  return { pages, printed: { ...printed.truth, ...doc.truth } };
};

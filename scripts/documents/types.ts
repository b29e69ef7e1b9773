/**
 * A document description (what is printed) and the page layout it becomes
 * (where it is printed). The layout is drawn by both targets, the text PDF and
 * the scan, so that they are the same document.
 */
import type { AccreditationScheme } from '#shared/domain/issuer.ts';
import type { DocumentType } from '#shared/domain/report.ts';

export const DocumentKinds = ['inspection-report', 'system-certificate', 'gem-report'] as const;
export type DocumentKind = (typeof DocumentKinds)[number];
export const Languages = ['en', 'zh'] as const;
export type Language = (typeof Languages)[number];
export const LayoutStyles = ['cover', 'table', 'grid', 'prose', 'cover-results', 'bilingual'] as const;
export type LayoutStyle = (typeof LayoutStyles)[number];

/** How dates are printed. `us` (03/14/2025) is ambiguous when the day is 12 or less. */
export const DateStyles = ['iso', 'dot', 'zh', 'en-dmy', 'en-mdy', 'us', 'slash', 'en-dmy-short', 'dmy-dot'] as const;
export type DateStyle = (typeof DateStyles)[number];

export interface PrintedAccreditation {
  scheme: AccreditationScheme;
  number: string;
}

export interface DocumentDescription {
  /** File stem, e.g. `en-inspection-cover`. */
  id: string;
  kind: DocumentKind;
  language: Language;
  /**
   * Inspection reports: `cover` (label/value lines), `table` (ruled cells), `grid` (several
   * label–value pairs per line), `prose` (sentences), `cover-results` (a cover page, then
   * results pages with the number on every page), `bilingual` (报告编号 Report No.). Default `cover`.
   */
  layout?: LayoutStyle;
  issuer: {
    name: string;
    /** A second (English) name printed under a Chinese letterhead. */
    nameEn?: string;
    address?: string;
    accreditations: PrintedAccreditation[];
  };
  fields: {
    reportNumber: string;
    productName?: string;
    model?: string;
    client?: string;
    manufacturer?: string;
    standards?: string[];
    /** The printed wording, e.g. "判定为合格" or "The sample complies with …". */
    conclusion?: string;
    /** YYYY-MM-DD is printed in `dateStyle`; anything else is printed as given. */
    issueDate?: string;
    sampleReceivedDate?: string;
    validUntil?: string;
    certificateHolder?: string;
    certificationScope?: string;
    caratWeight?: number;
    gemIdentification?: string;
    /** Further printed rows that carry no field (test type, colour grade …). */
    extra?: { label: string; value: string }[];
  };
  dateStyle?: DateStyle;
  /** Payload of a QR code printed on the first page. */
  qr?: string;
  /** A red round seal over the signature block. */
  seal?: boolean;
  /** Written into the PDF's Info dictionary. Defaults are fixed so output is deterministic. */
  metadata?: { title?: string; author?: string; creator?: string; producer?: string; creationDate?: Date; modDate?: Date };
  /** A white-out edit: `original` drawn first, covered by an opaque box, and `printed` (a printed field value) drawn on top. */
  whiteOut?: { original: string; printed: string };
  /** The expected value where the printed one normalises to something else (conclusion "complies" → "PASS"). */
  truth?: Partial<GroundTruth>;
}

/** The normalised values a parser should extract from a document (API.md field names). */
export interface GroundTruth {
  documentType: DocumentType;
  reportNumber: string;
  issuerName: string;
  accreditationNumbers: PrintedAccreditation[];
  productName: string;
  model: string;
  client: string;
  manufacturer: string;
  standards: string[];
  conclusion: string;
  issueDate: string;
  sampleReceivedDate: string;
  validUntil: string;
  certificateHolder: string;
  certificationScope: string;
  caratWeight: number;
  gemIdentification: string;
  qr: { payload: string; host?: string };
}

/** Layout units are PDF points (1/72 in); y grows downwards from the top edge. */
export type LayoutItem =
  | { type: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; color?: string }
  | { type: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; color?: string }
  | { type: 'rect'; x: number; y: number; w: number; h: number; width: number; color?: string }
  | { type: 'fill'; x: number; y: number; w: number; h: number; color: string }
  | { type: 'circle'; cx: number; cy: number; r: number; width: number; color?: string }
  | { type: 'qr'; x: number; y: number; size: number; payload: string };

export interface PageLayout {
  width: number;
  height: number;
  items: LayoutItem[];
}

export interface DocumentLayout {
  pages: PageLayout[];
  /** What the layout printed, normalised: the ground truth of the document. */
  printed: Partial<GroundTruth>;
}

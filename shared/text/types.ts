/**
 * The one shape that every text source returns (pdf-text, tesseract, textract).
 * Boxes are fractions of the page (0..1) so that engines with pixel and point
 * coordinates compare.
 */
export const TextEngines = ['pdf-text', 'tesseract', 'textract'] as const;
export type TextEngine = (typeof TextEngines)[number];

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Line {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
}

export interface TextPage {
  /** 1-based */
  pageNumber: number;
  lines: Line[];
}

export interface KeyValue {
  key: string;
  value: string;
  /** 0..1 */
  confidence: number;
  pageNumber: number;
}

export interface TextResult {
  engine: TextEngine;
  pages: TextPage[];
  keyValues: KeyValue[];
}

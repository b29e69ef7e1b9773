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
  /**
   * Text the page draws and then paints over (an opaque box filled on top of
   * it, or other text drawn over it): not visible, so not in `lines`. Only
   * engines that read a text layer can know it (pdf-text).
   */
  hidden?: Line[];
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

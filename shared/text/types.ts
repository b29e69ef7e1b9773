/**
 * The one shape that every text source returns (pdf-text, paddle, tesseract, textract).
 * Boxes are fractions of the page (0..1) so that engines with pixel and point
 * coordinates compare.
 */
export const TextEngines = ['pdf-text', 'paddle', 'tesseract', 'textract'] as const;
export type TextEngine = (typeof TextEngines)[number];

/** The engines that read pixels: what they return is a reading, never the document's own text. */
export const OcrEngines = ['paddle', 'tesseract', 'textract'] as const satisfies readonly TextEngine[];
export type OcrEngine = (typeof OcrEngines)[number];

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A word of a line: a run of characters without a space (a CJK run is one word). */
export interface Word {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
}

export interface Line {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
  /** The line's words, left to right, when the engine knows them (every OCR engine does). */
  words?: Word[];
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
  /**
   * OCR read the page with its red ink (an inspection seal) turned into paper, so text under
   * a red seal was read as if unstamped (local engines; shared/fields/seals.ts).
   */
  redInkRemoved?: boolean;
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

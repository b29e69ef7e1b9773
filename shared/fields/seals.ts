/**
 * Where an inspection seal lies on a page, from what OCR read of it. A red seal
 * (检验检测专用章) stamped over text is dropped from colour pages before OCR
 * (text/photo.ts, TextPage.redInkRemoved); on a fax or a gray scan its ink stays,
 * over the text it was stamped on, and a character under its ring reads as another
 * ("27887" → "27287"). A value read there is not hard evidence (reading-policy.ts).
 *
 * The seal is found by its own words, which OCR reads as a line ("检验检测专用章",
 * "…专用章"): they run along the bottom inside the ring, and the ring's radius is
 * about three quarters of their width (the seals of scripts/documents/degrade.ts and
 * common 40-mm seals with ~20-mm words alike).
 */
import type { Box, TextPage } from '#shared/text/types.ts';

/** The words of a seal as OCR reads them (a character may be misread: 检验检润专用章). */
const SEAL_WORDS = /专用章|检验检测章|公章|(?:inspection|testing|official)\s*seal/iu;
/** The ring's radius as a share of the width of the seal's words. */
const RADIUS_PER_WORDS_WIDTH = 0.75;
/** The words' centre lies this share of the radius below the ring's centre. */
const WORDS_BELOW_CENTRE = 0.4;
/** Boxes are shares of the page's width and height; seals are round on A4 portrait pages. */
const PAGE_ASPECT = Math.SQRT2;
/** Seal words are short: a long line that mentions a seal ("盖检验检测专用章有效") is a sentence. */
const MAX_SEAL_WORDS = 12;

export interface SealArea {
  page: number;
  /** Centre and radius in shares of the page width (y scaled by PAGE_ASPECT). */
  x: number;
  y: number;
  r: number;
}

/** The seals OCR read on the pages. */
export const sealAreas = (pages: readonly TextPage[]): SealArea[] =>
  pages.flatMap((p) =>
    // A red seal the OCR turned into paper lies over nothing any more (its faint words may still be read).
    p.redInkRemoved === true ? [] : p.lines.flatMap((l) => {
      const words = l.text.replace(/\s+/gu, '');
      if (!SEAL_WORDS.test(words) || words.length > MAX_SEAL_WORDS || !(l.box.width > 0)) return [];
      const r = l.box.width * RADIUS_PER_WORDS_WIDTH;
      const y = (l.box.top + l.box.height / 2) * PAGE_ASPECT - WORDS_BELOW_CENTRE * r;
      return [{ page: p.pageNumber, x: l.box.left + l.box.width / 2, y, r }];
    }),
  );

/** Whether a box on `page` reaches into a seal's ring. */
export const underSeal = (seals: readonly SealArea[], page: number, box: Box | undefined): boolean => {
  if (!box || !(box.width > 0)) return false;
  return seals.some((s) => {
    if (s.page !== page) return false;
    const dx = Math.max(box.left - s.x, 0, s.x - (box.left + box.width));
    const top = box.top * PAGE_ASPECT;
    const bottom = (box.top + box.height) * PAGE_ASPECT;
    const dy = Math.max(top - s.y, 0, s.y - bottom);
    return Math.hypot(dx, dy) < s.r;
  });
};

/**
 * Normalisation shared by the store (lookup keys), the field parsers and the
 * checks, so that "ＣＮＡＳ Ｌ１２３４", "CNAS L1234" and "cnas l 1234" meet.
 */

/** Full-width to half-width and compatibility forms (NFKC), ideographic space to space, runs of space collapsed. */
export const normaliseText = (s: string): string =>
  s.normalize('NFKC').replace(/[\u3000\s]+/gu, ' ').trim();

/** Report, certificate and accreditation numbers: NFKC, upper case, no spaces. */
export const normaliseNumber = (s: string): string => normaliseText(s).toUpperCase().replace(/\s+/g, '');

/** Legal-form suffixes stripped before names are compared; longest first. */
const LEGAL_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团公司',
  '公司',
  'company limited',
  'co., ltd.',
  'co., ltd',
  'co.,ltd.',
  'co.,ltd',
  'co. ltd.',
  'co ltd',
  'limited',
  'ltd.',
  'ltd',
  'l.l.c.',
  'llc',
  'inc.',
  'inc',
  'corporation',
  'corp.',
  'corp',
  'gmbh',
  's.a.',
  'b.v.',
  'plc',
] as const;

/** Case-folded, without punctuation and spacing; keeps the legal suffix. */
export const foldName = (s: string): string =>
  normaliseText(s)
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');

/**
 * The comparable form of an organisation name: NFKC, case-folded, legal
 * suffixes (有限公司, Co., Ltd. …) removed, punctuation and spaces removed.
 */
export const normaliseIssuerName = (s: string): string => {
  let name = normaliseText(s).toLowerCase();
  let changed = true;
  while (changed) {
    changed = false;
    const trimmed = name.replace(/[\s,.]+$/u, '');
    for (const suffix of LEGAL_SUFFIXES) {
      if (trimmed.endsWith(suffix) && trimmed.length > suffix.length) {
        name = trimmed.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return foldName(name);
};

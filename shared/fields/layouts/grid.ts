/**
 * Two-column key/value grids: several label–value pairs on one line, labels
 * with or without colons ("Client Bluewave Co., Ltd. Manufacturer Zhongshan
 * Everbright Co., Ltd."). A generic English label ("Manufacturer", "Model")
 * is an ordinary word in running text, but inside a row that starts with a
 * label, a capitalised one starts the next pair when the value before it
 * has ended (full stop, bracket, code, legal form) or a code follows it.
 */
import { COMPILED_LABELS, type LabelMatch } from '../labels.ts';

const STRICT_LATIN = COMPILED_LABELS.filter((l) => l.strict && /^[A-Za-z]/.test(l.label));

/** The labels of a line plus the pair-starting generic labels a grid row carries mid-line. */
export const gridLabels = (text: string, labels: LabelMatch[]): LabelMatch[] => {
  const first = labels[0];
  if (!first || first.start > 1) return labels;
  const found = [...labels];
  const taken = (s: number, e: number) => found.some((m) => s < m.end && e > m.start);
  for (const l of STRICT_LATIN) {
    const re = new RegExp(l.pattern.source, 'gu');
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const labelEnd = start + m[0].length;
      // After a space, or right after a full stop or bracket: OCR drops the space in "Co., Ltd.Manufacturer".
      if (start === 0 || !/[\s.)）]$/u.test(text.slice(0, start)) || !/^\p{Lu}/u.test(m[0])) continue;
      const after = /^\s+(?=[\p{Lu}\p{N}\p{Script=Han}])/u.exec(text.slice(labelEnd));
      if (!after || taken(start, labelEnd)) continue;
      // The value before must have ended (a full stop, a bracket, a code, a legal form), or a code must follow.
      const before = text.slice(0, start).trimEnd();
      const ended = /(?:[.)）\]]|\d\S*|\p{Script=Han}|\b(?:Ltd|Inc|GmbH|LLC|Limited|Co|Corporation|Company))$/u.test(before);
      const codeFollows = /^\S*\d/u.test(text.slice(labelEnd + after[0].length));
      if (!ended && !codeFollows) continue;
      found.push({ field: l.field, label: l.label, start, end: labelEnd + after[0].length, hasColon: false, strict: true, leader: false });
    }
  }
  return found.sort((a, b) => a.start - b.start);
};

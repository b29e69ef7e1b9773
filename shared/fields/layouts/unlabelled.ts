/** Values that a document may print without a label: standard codes anywhere, one lone date, a weight in carats. */
import { at, type Collector, MatchMethods } from '../collector.ts';
import type { ParsedLine } from '../lines.ts';
import { parseCaratWeight, parseDate, parseStandards } from '../normalisers.ts';

/** Values that a document may print without a label: standard codes anywhere, a weight in carats. */
export const unlabelled = (pages: ParsedLine[][], out: Collector): void => {
  if (!out.has('standards')) {
    const codes: string[] = [];
    let first: ParsedLine | undefined;
    for (const l of pages.flat()) {
      for (const c of parseStandards(l.text)) {
        if (!codes.includes(c)) codes.push(c);
        first ??= l;
      }
    }
    if (first && codes.length > 0) out.add('standards', codes, first.confidence * MatchMethods.SCAN, at([first]));
  }
  if (!out.has('issueDate')) {
    // One date on the whole document, under a label OCR could not read ("DALE …… March 14, 2025"), is the issue date.
    const taken = new Set([out.best('sampleReceivedDate')?.value, out.best('validUntil')?.value]);
    const dated = pages.flat().flatMap((l) => {
      const d = parseDate(l.text);
      return d && !taken.has(d) && !/初次|initial|original|收样|接样|received|valid|有效/iu.test(l.text) ? [{ d, l }] : [];
    });
    const distinct = new Set(dated.map((x) => x.d));
    const only = dated[0];
    if (only && distinct.size === 1) out.add('issueDate', only.d, only.l.confidence * MatchMethods.SCAN * 0.9, at([only.l]));
  }
  if (!out.has('caratWeight')) {
    const l = pages.flat().find((x) => parseCaratWeight(x.text) !== undefined);
    if (l) out.add('caratWeight', parseCaratWeight(l.text), l.confidence * MatchMethods.SCAN, at([l]));
  }
};


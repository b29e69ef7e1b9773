/**
 * "Label: value" lines, with or without a colon, several pairs on a line
 * (grids, see grid.ts), bilingual labels ("报告编号 Report No.: X"), values
 * that run over continuation lines. A label with nothing after it is a table
 * cell (table.ts).
 */
import { at, type Collector, MatchMethods, type MatchMethod, STRICT_LABEL_FACTOR } from '../collector.ts';
import { subBox, unionBox, type ParsedLine } from '../lines.ts';
import { cleanValue, stripOcrJunk } from '../normalisers.ts';
import { readWithContinuation } from '../values.ts';
import { cellValue } from './table.ts';

/** Text fields whose lower-case phrase label ("manufactured by") opens prose: prose.ts reads the whole sentence. */
const PROSE_LABEL = /^[a-z]/u;
const TEXT_FIELDS = new Set(['client', 'manufacturer', 'productName', 'model', 'issuerName']);

export const labelledFields = (pages: ParsedLine[][], out: Collector): void => {
  for (const page of pages) {
    for (const line of page) {
      line.labels.forEach((m, i) => {
        if (m.field === null) return;
        const field = m.field;
        if (m.start > 0 && TEXT_FIELDS.has(field) && PROSE_LABEL.test(line.text.slice(m.start))) return;
        const next = line.labels[i + 1];
        const until = next ? next.start : line.text.length;
        const inline = stripOcrJunk(line.text.slice(m.end, until), { leader: m.leader, lineConfidence: line.confidence });
        const strict = m.strict ? STRICT_LABEL_FACTOR : 1;
        // "报告编号 Report No.: X": two labels of one field; the second one reads the value.
        if (next && next.field === field && cleanValue(inline).length === 0) return;
        if (cleanValue(inline).length > 0) {
          const method: MatchMethod = m.hasColon ? 'INLINE_COLON' : 'INLINE';
          const read = readWithContinuation(field, inline, line, page);
          const box = unionBox([subBox(line, m.end, until), ...read.lines.map((l) => l.box)]);
          out.add(field, read.value, line.confidence * MatchMethods[method] * strict, at([line, ...read.lines], box));
          if (read.value !== undefined) return;
        }
        if (next) return;
        cellValue({ ...m, field }, line, page, out, strict);
      });
    }
  }
};

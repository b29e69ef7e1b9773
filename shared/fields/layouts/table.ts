/**
 * Ruled tables and values under their labels: a label cell with nothing after
 * it reads the cell to its right on the same row (told apart by the line
 * boxes), else the line below it when the label starts its line.
 */
import { at, type Collector, MatchMethods } from '../collector.ts';
import type { LabelMatch } from '../labels.ts';
import { below, hasBox, rightOf, segmentFrom, startsWithLabel, type ParsedLine } from '../lines.ts';
import { cleanValue, stripOcrJunk } from '../normalisers.ts';
import { readWithContinuation } from '../values.ts';

/** Reads the value of a label that has nothing after it on its line. */
export const cellValue = (m: LabelMatch & { field: NonNullable<LabelMatch['field']> }, line: ParsedLine, page: ParsedLine[], out: Collector, strict: number): void => {
  const field = m.field;
  const startsLine = cleanValue(line.text.slice(0, m.start)).length === 0;
  const right = rightOf(line, page);
  if (right && !startsWithLabel(right)) {
    const read = readWithContinuation(field, stripOcrJunk(segmentFrom(right, 0), { lineConfidence: right.confidence }), right, page);
    if (read.value !== undefined) {
      out.add(field, read.value, right.confidence * MatchMethods.RIGHT_CELL * strict, at([right, ...read.lines]));
      return;
    }
  }
  const under = startsLine ? below(line, page) : undefined;
  if (under && !startsWithLabel(under) && (!right || startsWithLabel(right) || !hasBox(line.box))) {
    const read = readWithContinuation(field, stripOcrJunk(segmentFrom(under, 0), { lineConfidence: under.confidence }), under, page);
    out.add(field, read.value, under.confidence * MatchMethods.BELOW * strict, at([under, ...read.lines]));
  }
};

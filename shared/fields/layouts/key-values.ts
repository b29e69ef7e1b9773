/** The key–value pairs an engine may supply (Textract FORMS). */
import { normaliseText } from '#shared/domain/normalise.ts';
import type { TextResult } from '#shared/text/types.ts';
import { at, type Collector, MatchMethods } from '../collector.ts';
import { fieldOfKey } from '../labels.ts';
import { clamp01, type ParsedLine } from '../lines.ts';
import { readValue } from '../values.ts';

export const keyValueFields = (text: TextResult, pages: ParsedLine[][], out: Collector): void => {
  for (const kv of text.keyValues) {
    const field = fieldOfKey(normaliseText(kv.key));
    if (!field) continue;
    const value = readValue(field, kv.value);
    if (value === undefined) continue;
    const valueText = normaliseText(kv.value);
    const line = pages.flat().find((l) => l.page === kv.pageNumber && valueText.length > 0 && l.text.includes(valueText));
    out.add(field, value as never, clamp01(kv.confidence) * MatchMethods.KEY_VALUE, line ? at([line]) : { page: kv.pageNumber });
  }
};


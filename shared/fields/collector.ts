/**
 * Candidate values of the fields, as the layout strategies find them: each
 * with a confidence capped by how it was found, its page, line and box. The
 * most confident candidate wins; others that agree raise its confidence.
 */
import type { ExtractedField, ExtractedFields } from '#shared/domain/verification.ts';
import type { Box } from '#shared/text/types.ts';
import { clamp01, unionBox, type ParsedLine } from './lines.ts';

/** How a value was found; each method caps the confidence. */
export const MatchMethods = {
  KEY_VALUE: 0.96,
  INLINE_COLON: 0.97,
  INLINE: 0.9,
  RIGHT_CELL: 0.93,
  BELOW: 0.86,
  PATTERN: 0.8,
  HEADER: 0.72,
  SCAN: 0.7,
} as const;
export type MatchMethod = keyof typeof MatchMethods;

/** Generic labels ("Date", "Product") are less sure than specific ones ("Date of Issue"). */
export const STRICT_LABEL_FACTOR = 0.92;

export type Values = { [K in keyof ExtractedFields]-?: NonNullable<ExtractedFields[K]>['value'] };

export interface Candidate<T> {
  value: T;
  confidence: number;
  page: number;
  line?: number;
  box?: Box;
  order: number;
}

/** Where a value was read: the first line, and the box of everything it was read from. */
export interface At {
  page: number;
  line?: number;
  box?: Box;
}

/** The place of a value read from these lines (the first gives page and line), or from part of one line. */
export const at = (lines: readonly ParsedLine[], box?: Box): At => {
  const first = lines[0];
  if (!first) return { page: 0 };
  const b = box ?? unionBox(lines.map((l) => l.box));
  return { page: first.page, line: first.line, ...(b ? { box: b } : {}) };
};

const round = (n: number): number => Math.round(n * 1000) / 1000;

export class Collector {
  private readonly candidates = new Map<keyof Values, Candidate<unknown>[]>();
  private order = 0;

  add<K extends keyof Values>(field: K, value: Values[K] | undefined, confidence: number, where: At): void {
    if (value === undefined) return;
    const list = this.candidates.get(field) ?? [];
    list.push({ value, confidence: clamp01(confidence), page: where.page, line: where.line, box: where.box, order: this.order++ });
    this.candidates.set(field, list);
  }

  has(field: keyof Values): boolean {
    return (this.candidates.get(field)?.length ?? 0) > 0;
  }

  /** Every candidate of a field, in the order found. */
  all<K extends keyof Values>(field: K): Candidate<Values[K]>[] {
    return [...((this.candidates.get(field) ?? []) as Candidate<Values[K]>[])];
  }

  /** The most confident candidate; others that agree with it raise its confidence a little. */
  best<K extends keyof Values>(field: K): ExtractedField<Values[K]> | undefined {
    const list = this.candidates.get(field);
    const top = [...(list ?? [])].sort((a, b) => b.confidence - a.confidence || a.order - b.order)[0];
    if (!list || !top) return undefined;
    const key = JSON.stringify(top.value);
    const agreeing = list.filter((c) => c !== top && JSON.stringify(c.value) === key).length;
    let confidence = top.confidence;
    for (let i = 0; i < agreeing; i++) confidence += (1 - confidence) * 0.2;
    return {
      value: top.value as Values[K],
      confidence: round(clamp01(confidence)),
      source: {
        page: top.page,
        ...(top.line === undefined ? {} : { line: top.line }),
        ...(top.box ? { box: top.box } : {}),
      },
    };
  }
}

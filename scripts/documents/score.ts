/**
 * Compares extracted fields with a document's ground truth, field by field,
 * "exact after normalisation": strings NFKC with spaces collapsed, arrays as
 * sets, numbers equal.
 */
import { normaliseText } from '#shared/domain/normalise.ts';
import type { ExtractedFields } from '#shared/domain/verification.ts';
import type { GroundTruth } from './types.ts';

export interface FieldScore {
  field: keyof GroundTruth;
  expected: unknown;
  actual: unknown;
  ok: boolean;
}

const canonical = (v: unknown): unknown => {
  if (typeof v === 'string') return normaliseText(v);
  if (typeof v === 'number') return Math.round(v * 1e6) / 1e6;
  if (Array.isArray(v)) return v.map((x) => JSON.stringify(canonical(x))).sort();
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]));
  }
  return v;
};

/** One score per ground-truth field (optionally without `qr`, which text parsers do not produce). */
export const scoreFields = (truth: Partial<GroundTruth>, fields: ExtractedFields, options: { qr?: boolean } = {}): FieldScore[] =>
  (Object.keys(truth) as (keyof GroundTruth)[])
    .filter((f) => options.qr !== false || f !== 'qr')
    .map((field) => {
      const expected = truth[field];
      const actual = (fields as Record<string, { value: unknown } | undefined>)[field]?.value;
      let ok = JSON.stringify(canonical(expected)) === JSON.stringify(canonical(actual));
      if (field === 'qr' && expected && actual) {
        ok = (expected as GroundTruth['qr']).payload === (actual as GroundTruth['qr']).payload;
      }
      return { field, expected, actual, ok };
    });

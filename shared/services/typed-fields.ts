import type { AccreditationScheme } from '#shared/domain/issuer.ts';
import { normaliseHost, normaliseNumber } from '#shared/domain/normalise.ts';
import type { ExtractedFields, TypedFields } from '#shared/domain/verification.ts';
import { normaliseConclusion } from '#shared/fields/normalisers.ts';
import { numberFormatOf } from '#shared/fields/number-formats.ts';

const SCHEMES: readonly AccreditationScheme[] = ['CNAS', 'CMA', 'CNCA', 'ILAC', 'IAF'];

/** "CNAS L1234", "L1234", "201912345678" → { scheme, number }: the scheme named, else the one the number format implies. */
export const accreditationRef = (raw: string): { scheme: AccreditationScheme; number: string } => {
  const text = normaliseNumber(raw);
  const named = SCHEMES.find((s) => text.startsWith(s) && text.length > s.length);
  const number = named ? text.slice(named.length).replace(/^[-:.]/, '') : text;
  if (named) return { scheme: named, number };
  const format = numberFormatOf(number);
  const scheme: AccreditationScheme = format?.startsWith('CNAS') ? 'CNAS' : format === 'CMA' ? 'CMA' : format === 'CNCA' ? 'CNCA' : 'OTHER';
  return { scheme, number };
};

/**
 * Typed-in data as extracted fields: what the platform typed is what was
 * "printed", with full confidence and page 0 as its source.
 */
export const fieldsFromTyped = (typed: TypedFields): ExtractedFields => {
  const at = <T>(value: T) => ({ value, confidence: 1, source: { page: 0 } });
  const { accreditationNumbers, qr, conclusion, ...plain } = typed;
  const fields: ExtractedFields = {};
  for (const [name, value] of Object.entries(plain)) {
    if (value !== undefined) (fields as Record<string, unknown>)[name] = at(value);
  }
  if (conclusion !== undefined) fields.conclusion = at(normaliseConclusion(conclusion));
  if (accreditationNumbers?.length) {
    fields.accreditationNumbers = at(accreditationNumbers.map((a) => (typeof a === 'string' ? accreditationRef(a) : a)));
  }
  if (qr !== undefined) {
    const host = /^[a-z][a-z0-9+.-]*:\/\//i.test(qr) ? normaliseHost(qr) : undefined;
    fields.qr = at({ payload: qr, ...(host ? { host } : {}) });
  }
  return fields;
};

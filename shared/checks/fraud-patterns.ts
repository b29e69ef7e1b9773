import type { FraudPattern, FraudPatternKind } from '#shared/domain/fraud-pattern.ts';
import { normaliseFraudValue, normaliseIssuerName, normaliseNumber, normaliseText } from '#shared/domain/normalise.ts';
import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import type { CheckContext } from './context.ts';
import { fraudPatternLookupKeys, qrCodesOf, qrHost } from './context.ts';
import { safeRegex } from '#shared/domain/safe-regex.ts';

const name = 'fraud-patterns';
const r = results(name);

export const FraudPatternsCodes = {
  NO_MATCH: 'NO_MATCH',
  MATCHED_HIGH: 'MATCHED_HIGH',
  MATCHED: 'MATCHED',
} as const;
const Codes = FraudPatternsCodes;

/** The text PHRASE patterns search: the document's text, or the typed-in values when there is no document. */
const phraseText = (ctx: CheckContext): string => {
  if (ctx.fullText !== '') return ctx.fullText;
  return Object.values(ctx.fields)
    .map((f) => f?.value)
    .filter((v): v is string => typeof v === 'string')
    .join('\n');
};

const compact = (s: string) => normaliseText(s).toLowerCase().replace(/\s+/g, '');

/** What a REGEX pattern of each kind is tested against (as printed and normalised). */
const regexSubjects = (ctx: CheckContext, kind: FraudPatternKind): string[] => {
  const f = ctx.fields;
  switch (kind) {
    case 'REPORT_NUMBER':
      return f.reportNumber ? [f.reportNumber.value, normaliseNumber(f.reportNumber.value)] : [];
    case 'DOCUMENT_SHA256':
      return ctx.document ? [ctx.document.sha256.toLowerCase()] : [];
    case 'ISSUER_NAME':
      return f.issuerName ? [f.issuerName.value, normaliseText(f.issuerName.value), normaliseIssuerName(f.issuerName.value)] : [];
    case 'ACCREDITATION_NUMBER':
      return (f.accreditationNumbers?.value ?? []).flatMap((a) => [a.number, `${a.scheme} ${a.number}`, normaliseNumber(a.number)]);
    case 'QR_DOMAIN':
      return qrCodesOf(f, ctx.qrCodes).flatMap((q) => qrHost(q) ?? []);
    case 'SELLER':
      return ctx.submission.sellerId !== undefined ? [ctx.submission.sellerId] : [];
    case 'PHRASE':
      return [phraseText(ctx)];
  }
};

export interface FraudPatternHit {
  id: string;
  kind: FraudPatternKind;
  match: FraudPattern['match'];
  severity: FraudPattern['severity'];
  value: string;
  matched: string;
  note?: string;
}

const SEVERITY_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

/** Which patterns match this verification, and what they matched. Patterns that fail to compile are skipped. */
export const matchFraudPatterns = (ctx: CheckContext): { hits: FraudPatternHit[]; checked: number; invalid: string[] } => {
  const keys = new Set(
    fraudPatternLookupKeys(ctx.fields, ctx.document, ctx.qrCodes, ctx.submission).map((k) => `${k.kind}\u0000${normaliseFraudValue(k.kind, k.value)}`),
  );
  const patterns = [...new Map([...ctx.fraudPatterns.keyed, ...ctx.fraudPatterns.text].map((p) => [p.id, p])).values()];
  const hits: FraudPatternHit[] = [];
  const invalid: string[] = [];
  for (const p of patterns) {
    let matched: string | undefined;
    if (p.match === 'REGEX') {
      // RE2: linear in the subject, whatever the pattern (no ReDoS).
      const re = safeRegex(p.value, { caseInsensitive: true });
      if (!re) {
        invalid.push(p.id);
        continue;
      }
      for (const subject of regexSubjects(ctx, p.kind)) {
        matched = re.exec(subject);
        if (matched !== undefined) break;
      }
    } else if (p.kind === 'PHRASE') {
      const phrase = compact(p.value);
      if (phrase !== '' && compact(phraseText(ctx)).includes(phrase)) matched = p.value;
    } else {
      const key = normaliseFraudValue(p.kind, p.value);
      if (key !== '' && keys.has(`${p.kind}\u0000${key}`)) matched = key;
    }
    if (matched === undefined) continue;
    hits.push({
      id: p.id,
      kind: p.kind,
      match: p.match,
      severity: p.severity,
      value: p.value,
      matched,
      ...(p.note !== undefined ? { note: p.note } : {}),
    });
  }
  hits.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { hits, checked: patterns.length, invalid };
};

/**
 * No known fraud pattern matches: EXACT patterns after normalisation (the
 * same normaliseFraudValue the store keys them by; ISSUER_NAME also with its
 * legal suffix stripped; QR_DOMAIN including subdomains), REGEX patterns
 * against the field of their kind, PHRASE patterns (EXACT: substring, spacing
 * ignored; REGEX) against the full text. A HIGH-severity hit FAILs, MEDIUM
 * or LOW WARN; every hit and its severity is in the evidence.
 */
export const fraudPatterns: Check = {
  name,
  needs: ['fraudPatterns'],
  applies: () => true,
  run: (ctx) => {
    const { hits, checked, invalid } = matchFraudPatterns(ctx);
    const extra = invalid.length > 0 ? { invalidPatterns: invalid } : {};
    if (hits.length === 0) return r.pass(Codes.NO_MATCH, `None of ${checked} fraud patterns matches.`, { checked, ...extra });
    const describe = hits.map((h) => `${h.kind} "${h.matched}" (${h.severity})`).join(', ');
    return hits.some((h) => h.severity === 'HIGH')
      ? r.fail(Codes.MATCHED_HIGH, `Known fraud pattern: ${describe}.`, { hits, ...extra })
      : r.warn(Codes.MATCHED, `Fraud pattern of lower severity: ${describe}.`, { hits, ...extra });
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const FraudPatternsCopy: SummaryCopy = {
  [Codes.MATCHED_HIGH]: says('it matches a known fraud pattern of high severity', '命中高风险的已知造假特征'),
  [Codes.MATCHED]: says('it matches a fraud pattern of lower severity', '命中较低风险的造假特征'),
};

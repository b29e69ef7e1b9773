/**
 * The CheckContext: everything the checks of one verification look at,
 * prefetched by the caller in one BatchGetItem (issuer pointers, registered
 * reports under the number, keyed fraud patterns) plus one Query (the
 * number's history). The checks are pure over it.
 *
 * The helpers here are shared by the checks and by the caller, so that the
 * fetch and the match use the same normalisation:
 * - `resolveIssuer(ctx)`: which registered issuer this document claims to be from, and how we know;
 * - `selectRegisteredReport(ctx)`: the registration the document is compared with;
 * - `fraudPatternLookupKeys(...)`: the (kind, value) keys to fetch keyed fraud patterns by.
 */
import type { z } from 'zod';
import type { CredentialEvidence } from '#shared/domain/credential-evidence.ts';
import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import type { FraudPattern, FraudPatternKind } from '#shared/domain/fraud-pattern.ts';
import type { AccreditationScheme, Issuer } from '#shared/domain/issuer.ts';
import { hostAndParents, normaliseAccreditationNumber, normaliseHost, normaliseIssuerName, normaliseNumber, payloadNumberTokens, urlHost } from '#shared/domain/normalise.ts';
import type { RegisteredReport } from '#shared/domain/report.ts';
import type {
  DocumentInfo,
  ExtractedFields,
  Presentation,
  QrPayload as QrPayloadSchema,
  Submission,
  TextSource,
} from '#shared/domain/verification.ts';

import { reportNumberReadings } from '#shared/fields/parse-fields.ts';
import type { TextPage } from '#shared/text/types.ts';
import { sealAreas, type SealArea, underSeal } from '#shared/fields/seals.ts';
import { isOcrSource, judgeNumberReading, type ReconciledNumber } from './reading-policy.ts';

/** A decoded QR code; `page` (1-based) where the reading knows it, for the evidence. */
export type QrPayload = z.infer<typeof QrPayloadSchema> & { page?: number };

/**
 * The parts of the context that come from the store. When the caller could
 * not fetch one (throttling past retries, unprocessed keys), it lists the part
 * in `unavailable` instead of passing an empty list, and every check that
 * needs it becomes ERROR. An empty list means "looked, found nothing".
 */
export const ContextParts = ['issuers', 'registeredReports', 'fraudPatterns', 'history'] as const;
export type ContextPart = (typeof ContextParts)[number];

/** Everything one verification's checks look at. Treat it as immutable once built (results are cached per context). */
export interface CheckContext {
  now: Date;
  /** Printed (or typed-in) fields. */
  fields: ExtractedFields;
  textSource: TextSource;
  /** All text lines joined with \n, for PHRASE and REGEX patterns; '' for typed fields. */
  fullText: string;
  /** The lines that were read, with their boxes (registry-guided confirmation, readings of the number); none for typed fields. */
  pages?: TextPage[];
  document?: DocumentInfo;
  forensics?: PdfForensics;
  /** Decoded QR codes. `fields.qr` is considered too (see `qrCodesOf`). */
  qrCodes: QrPayload[];
  /** The report number was taken from the QR code (services/reconcile-ocr.ts): how, and what was printed. */
  reportNumberReconciled?: ReconciledNumber;
  submission: Submission;
  /** The platform of the API key that submitted it (earlier presentations are compared per platform). */
  platformId?: string;
  issuers: {
    /** One entry per printed accreditation number, with the issuer the caller found under it. */
    byAccreditation: Array<{ printed: { scheme: string; number: string }; issuer?: Issuer }>;
    /** The issuer whose name or alias equals normaliseIssuerName(printed name). */
    byName?: Issuer;
    /** Every registered issuer (a cached list), for near-miss impersonation detection and as a fallback. */
    directory: Issuer[];
  };
  /** Registrations under this report number, any issuer. */
  registeredReports: RegisteredReport[];
  fraudPatterns: {
    /** EXACT patterns the caller fetched by `fraudPatternLookupKeys`. */
    keyed: FraudPattern[];
    /** Every PHRASE pattern and every REGEX pattern. */
    text: FraudPattern[];
  };
  /** Earlier presentations of this number, any seller: the store's history lines, as GET /reports/{n}/verifications lists them. */
  history: Presentation[];
  /** A digital passport the submission offered (credential, passport URL, or one on the document), verified before the checks. */
  credential?: CredentialEvidence;
  /** Store parts the caller could not fetch; checks that need them become ERROR. */
  unavailable?: ContextPart[];
}

// --- accreditation numbers -------------------------------------------------

export { normaliseAccreditationNumber };

export const sameAccreditationNumber = (a: string, b: string): boolean =>
  normaliseAccreditationNumber(a) === normaliseAccreditationNumber(b);

/** The registered issuer that holds this accreditation number: the caller's keyed lookup, else the directory. */
export const issuerHoldingAccreditation = (ctx: CheckContext, number: string): Issuer | undefined =>
  ctx.issuers.byAccreditation.find((e) => e.issuer !== undefined && sameAccreditationNumber(e.printed.number, number))?.issuer ??
  ctx.issuers.directory.find((i) => i.accreditations.some((a) => sameAccreditationNumber(a.number, number)));

export const printedAccreditations = (ctx: CheckContext): Array<{ scheme: AccreditationScheme; number: string }> =>
  ctx.fields.accreditationNumbers?.value ?? [];

// --- issuer names ----------------------------------------------------------

export const IssuerMatchedBy = {
  ACCREDITATION: 'accreditation',
  NAME: 'name',
  ALIAS: 'alias',
  REGISTERED_REPORT: 'registered-report',
} as const;
export type IssuerMatchedBy = (typeof IssuerMatchedBy)[keyof typeof IssuerMatchedBy];

export interface IssuerResolution {
  issuer: Issuer;
  matchedBy: IssuerMatchedBy;
  /** The printed value that matched (accreditation "SCHEME number", the name), or the report number. */
  matchedValue: string;
}

/** The registered issuer whose name or alias equals the printed name after normaliseIssuerName. */
const normalisedNames = new WeakMap<Issuer, { name: string; aliases: string[] }>();

/** normaliseIssuerName of an issuer's name and aliases, computed once per issuer object (the directory is a cached list). */
export const normalisedNamesOf = (issuer: Issuer): { name: string; aliases: string[] } => {
  let names = normalisedNames.get(issuer);
  if (!names) {
    names = { name: normaliseIssuerName(issuer.name), aliases: (issuer.nameAliases ?? []).map(normaliseIssuerName) };
    normalisedNames.set(issuer, names);
  }
  return names;
};

const matchIssuerName = (
  printed: string,
  issuers: readonly Issuer[],
): { issuer: Issuer; by: typeof IssuerMatchedBy.NAME | typeof IssuerMatchedBy.ALIAS; registered: string } | undefined => {
  const key = normaliseIssuerName(printed);
  if (key === '') return undefined;
  for (const issuer of issuers) {
    const names = normalisedNamesOf(issuer);
    if (names.name === key) return { issuer, by: IssuerMatchedBy.NAME, registered: issuer.name };
    const i = names.aliases.indexOf(key);
    const alias = issuer.nameAliases?.[i];
    if (i >= 0 && alias !== undefined) return { issuer, by: IssuerMatchedBy.ALIAS, registered: alias };
  }
  return undefined;
};

/** The issuer named on the document (name or alias), regardless of accreditation numbers. */
export const issuerByPrintedName = (ctx: CheckContext) => {
  const printed = ctx.fields.issuerName?.value;
  if (printed === undefined) return undefined;
  const candidates = ctx.issuers.byName ? [ctx.issuers.byName, ...ctx.issuers.directory] : ctx.issuers.directory;
  return matchIssuerName(printed, candidates);
};

/** Registrations whose number equals the printed one after normaliseNumber. */
export const registrationsForNumber = (ctx: CheckContext): RegisteredReport[] => {
  const printed = ctx.fields.reportNumber?.value;
  if (printed === undefined) return [];
  const key = normaliseNumber(printed);
  return ctx.registeredReports.filter((r) => normaliseNumber(r.reportNumber) === key);
};

const resolutions = new WeakMap<CheckContext, IssuerResolution | null>();

/**
 * Decides which registered issuer the document is from, in this order:
 * 1. a printed accreditation number held by a registered issuer (numbers are
 *    read more reliably than names and are unique per issuer), unless the
 *    printed name is another registered issuer's;
 * 2. the printed name equal to a registered name or alias after
 *    normaliseIssuerName (legal suffix, full/half width, case, spacing);
 * 3. the one issuer that registered a report under the printed number.
 * Undefined when none of them identifies exactly one issuer.
 */
export const resolveIssuer = (ctx: CheckContext): IssuerResolution | undefined => {
  // Every check asks; a context is immutable once built, so the answer is computed once per context.
  if (resolutions.has(ctx)) return resolutions.get(ctx) ?? undefined;
  const resolution = resolveUncached(ctx);
  resolutions.set(ctx, resolution ?? null);
  return resolution;
};

const resolveUncached = (ctx: CheckContext): IssuerResolution | undefined => {
  const byName = issuerByPrintedName(ctx);
  for (const ref of printedAccreditations(ctx)) {
    const issuer = issuerHoldingAccreditation(ctx, ref.number);
    // A document that names one registered issuer and prints another's
    // accreditation number claims to be from the issuer it names; the
    // borrowed number is what accreditation-matches-issuer then reports.
    if (issuer && byName && byName.issuer.issuerId !== issuer.issuerId) break;
    if (issuer) return { issuer, matchedBy: IssuerMatchedBy.ACCREDITATION, matchedValue: `${ref.scheme} ${ref.number}` };
  }
  if (byName) return { issuer: byName.issuer, matchedBy: byName.by, matchedValue: ctx.fields.issuerName?.value ?? '' };
  const issuerIds = [...new Set(registrationsForNumber(ctx).map((r) => r.issuerId))];
  const [only] = issuerIds;
  if (issuerIds.length === 1 && only !== undefined) {
    const issuer = ctx.issuers.directory.find((i) => i.issuerId === only);
    if (issuer) return { issuer, matchedBy: IssuerMatchedBy.REGISTERED_REPORT, matchedValue: ctx.fields.reportNumber?.value ?? '' };
  }
  return undefined;
};

/** The registration the document is compared with: the resolved issuer's, or the only one when no issuer is resolved. */
export const selectRegisteredReport = (ctx: CheckContext): RegisteredReport | undefined => {
  const regs = registrationsForNumber(ctx);
  const resolved = resolveIssuer(ctx);
  if (resolved) return regs.find((r) => r.issuerId === resolved.issuer.issuerId);
  return regs.length === 1 ? regs[0] : undefined;
};

/** What this presentation is for: the platform's claimedProduct, else the printed productName. Store the same in history. */
export const presentedProduct = (fields: ExtractedFields, submission: Submission): string | undefined =>
  submission.claimedProduct ?? fields.productName?.value;

// --- the report number as read -----------------------------------------------

const numberJudgements = new WeakMap<CheckContext, ReturnType<typeof judgeNumberReading>>();
const seals = new WeakMap<CheckContext, SealArea[]>();

/** The seals OCR read on the pages (fields/seals.ts), found once per context: the number's judgement and fields-match both ask. */
export const sealsOf = (ctx: CheckContext): SealArea[] => {
  let found = seals.get(ctx);
  if (!found) seals.set(ctx, (found = sealAreas(ctx.pages ?? [])));
  return found;
};

/** Tokens of the QR payloads that could be a report number (normalised). */
const qrNumberTokens = (ctx: CheckContext): string[] => qrCodesOf(ctx.fields, ctx.qrCodes).flatMap((q) => payloadNumberTokens(q.payload));

/**
 * Whether the printed report number was read cleanly (reading-policy.ts): the
 * number at its other printed places and in the QR code are compared with it.
 */
export const reportNumberReading = (ctx: CheckContext): ReturnType<typeof judgeNumberReading> => {
  const cached = numberJudgements.get(ctx);
  if (cached) return cached;
  const printed = ctx.fields.reportNumber;
  const printedPlaces = ctx.pages && ctx.pages.length > 0 ? reportNumberReadings({ engine: 'pdf-text', pages: ctx.pages, keyValues: [] }) : [];
  const judged = judgeNumberReading({
    value: normaliseNumber(printed?.value ?? ''),
    confidence: printed?.confidence ?? 0,
    textSource: ctx.textSource,
    others: [...printedPlaces.map(normaliseNumber), ...qrNumberTokens(ctx)],
    underSeal: printed !== undefined && isOcrSource(ctx.textSource) && underSeal(sealsOf(ctx), printed.source.page, printed.source.box),
  });
  numberJudgements.set(ctx, judged);
  return judged;
};

// --- QR codes ----------------------------------------------------------------

/** Every QR code of the document: the decoded ones plus `fields.qr` (with the page of its source), once per payload. */
export const qrCodesOf = (fields: ExtractedFields, qrCodes: readonly QrPayload[]): QrPayload[] => {
  const all: QrPayload[] = fields.qr ? [{ ...fields.qr.value, ...(fields.qr.source.page > 0 ? { page: fields.qr.source.page } : {}) }, ...qrCodes] : [...qrCodes];
  const seen = new Set<string>();
  return all.filter((q) => (seen.has(q.payload) ? false : (seen.add(q.payload), true)));
};

/** The host a QR payload points to (normaliseHost: lower case, no "www."), or undefined when it is not a link (`urlHost`). */
export const qrHost = (q: QrPayload): string | undefined => {
  const host = q.host !== undefined && q.host.trim() !== '' ? q.host : urlHost(q.payload);
  return host === undefined ? undefined : normaliseHost(host);
};

// --- fraud-pattern keys --------------------------------------------------------

export interface FraudLookupKey {
  kind: FraudPatternKind;
  value: string;
}

/**
 * The (kind, value) keys under which EXACT fraud patterns are fetched, as
 * printed: the store normalises each value once, with `normaliseFraudValue`,
 * the same function it keys stored patterns by (and fraud-patterns compares with):
 * - REPORT_NUMBER: the printed number;
 * - DOCUMENT_SHA256: the document hash;
 * - ISSUER_NAME: the printed name (the store strips its legal suffix);
 * - ACCREDITATION_NUMBER: each printed number, bare and with its scheme;
 * - QR_DOMAIN: each QR host and its parent domains down to the registrable one (never a public
 *   suffix such as com.cn), so a pattern for a domain catches its subdomains;
 * - SELLER: the submitting seller.
 * PHRASE patterns are never keyed. Repeats are removed.
 */
export const fraudPatternLookupKeys = (
  fields: ExtractedFields,
  document: Pick<DocumentInfo, 'sha256'> | undefined,
  qrCodes: readonly QrPayload[],
  submission: Pick<Submission, 'sellerId'>,
): FraudLookupKey[] => {
  const keys: FraudLookupKey[] = [];
  const add = (kind: FraudPatternKind, raw: string | undefined) => {
    const value = raw?.trim();
    if (value !== undefined && value !== '') keys.push({ kind, value });
  };
  add('REPORT_NUMBER', fields.reportNumber?.value);
  add('DOCUMENT_SHA256', document?.sha256);
  add('ISSUER_NAME', fields.issuerName?.value);
  for (const ref of fields.accreditationNumbers?.value ?? []) {
    add('ACCREDITATION_NUMBER', ref.number);
    add('ACCREDITATION_NUMBER', `${ref.scheme}${ref.number}`);
  }
  for (const q of qrCodesOf(fields, qrCodes)) {
    const host = qrHost(q);
    if (host !== undefined) for (const h of hostAndParents(host)) add('QR_DOMAIN', h);
  }
  add('SELLER', submission.sellerId);
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.kind}\u0000${k.value}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
};

import type { Principal } from '#shared/domain/api-key.ts';
import type { PdfForensics } from '#shared/domain/document-evidence.ts';
import { TypedFields, type DocumentInfo, type ExtractedFields, type Submission, type TextSource, type Verification } from '#shared/domain/verification.ts';
import { type CheckContext, ContextParts, type ContextPart, fraudPatternLookupKeys, presentedProduct, type QrPayload, qrCodesOf, resolveIssuer, selectRegisteredReport } from '#shared/checks/context.ts';
import type { ReconciledNumber } from '#shared/checks/reading-policy.ts';
import { runChecks } from '#shared/checks/run-checks.ts';
import { summarise } from '#shared/checks/summary.ts';
import { decideVerdict } from '#shared/checks/verdict-policy.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import type { TextResult } from '#shared/text/types.ts';
import { DependencyUnavailableError } from '#shared/domain/errors.ts';
import type { VerificationLookup } from '#shared/store/verification-repository.ts';
import type { ReferenceData, ReferenceDataCache } from './reference-data.ts';
import { fieldsFromTyped } from './typed-fields.ts';
import { newVerificationId } from './verification-id.ts';
import type { CredentialEvidence } from '#shared/domain/credential-evidence.ts';
import type { PassportDeps } from './passport.ts';
import { credentialEvidence, passportInputOfDocument } from './passport-verification.ts';

/** What the text pipeline produced for a file, or the typed-in fields. */
export interface Reading {
  fields: ExtractedFields;
  textSource: TextSource;
  text?: TextResult;
  document?: DocumentInfo;
  forensics?: PdfForensics;
  /** The decoded QR codes, each with the page it is on (1-based) where the reading knows it. */
  qr: QrPayload[];
  /** The report number was taken from the QR code (services/reconcile-ocr.ts): how, and what was printed. */
  reportNumberReconciled?: ReconciledNumber;
  /** A digital passport verified before reading (a `{ credential }` or `{ passportUrl }` request). */
  credential?: CredentialEvidence;
}

export interface VerifyDeps {
  repos: Pick<Repositories, 'verifications'>;
  reference: ReferenceDataCache;
  /** The digital passport's keys and lists: a document that carries a passport has it verified (issue 11). */
  passports?: PassportDeps;
  now?: () => Date;
}

export const readTypedFields = (typed: TypedFields): Reading => ({ fields: fieldsFromTyped(typed), textSource: 'fields', qr: [] });

/** A verified (or refused) passport as the reading: what the credential attests is what was "printed". */
export const readCredential = (evidence: CredentialEvidence): Reading => {
  const { reportNumber, issuerName, accreditationNumbers, documentType, productName, model, client, manufacturer, standards, conclusion, issueDate, validUntil } = evidence.attested;
  const typed = TypedFields.safeParse({ reportNumber, issuerName, accreditationNumbers, documentType, productName, model, client, manufacturer, standards, conclusion, issueDate, validUntil });
  return { fields: typed.success ? fieldsFromTyped(typed.data) : {}, textSource: 'credential', qr: [], credential: evidence };
};

const fullTextOf = (text: TextResult | undefined): string =>
  text ? text.pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n') : '';

/**
 * One verification, after the document is read: prefetch everything the
 * checks need (one Query on the report number, one BatchGetItem; the issuer
 * directory and text patterns come from the per-process cache), run the pure
 * checks, decide the verdict with the policy, and store the result with one
 * PutItem. A store outage raises DependencyUnavailableError (503); it is never
 * turned into a verdict.
 */
export const verifyReading = async (
  deps: VerifyDeps,
  reading: Reading,
  submission: Submission,
  principal: Principal,
  options: { verificationId?: string } = {},
): Promise<Verification> => {
  const now = deps.now?.() ?? new Date();
  const { fields } = reading;
  const qrCodes = qrCodesOf(fields, reading.qr);

  // A store outage while reading makes the checks that need the data ERROR
  // (never FAIL): the verdict is then at worst UNVERIFIABLE, and is stored if
  // the store takes the write; if it does not, the caller gets a 503.
  const unavailable = new Set<ContextPart>();
  const passportInput =
    !reading.credential && deps.passports
      ? passportInputOfDocument(deps.passports, qrCodes.map((q) => q.payload), fullTextOf(reading.text))
      : undefined;
  const [cachedReference, lookup, documentCredential] = await Promise.all([
    deps.reference.get().catch((e: unknown) => {
      if (!(e instanceof DependencyUnavailableError)) throw e;
      unavailable.add('issuers').add('fraudPatterns');
      return { directory: [], textPatterns: [] } satisfies ReferenceData;
    }),
    deps.repos.verifications
      .lookup({
        reportNumber: fields.reportNumber?.value,
        accreditationNumbers: (fields.accreditationNumbers?.value ?? []).map((a) => a.number),
        issuerName: fields.issuerName?.value,
        fraudKeys: fraudPatternLookupKeys(fields, reading.document, qrCodes, submission),
      })
      .catch((e: unknown) => {
        if (!(e instanceof DependencyUnavailableError)) throw e;
        ContextParts.forEach((p) => unavailable.add(p));
        return emptyLookup();
      }),
    passportInput && deps.passports ? credentialEvidence(deps.passports, passportInput) : Promise.resolve(undefined),
  ]);
  const credential = reading.credential ?? documentCredential;

  // The lookup's batch read the reference-data counter: a copy older than it is reloaded
  // (a pattern created or deleted anywhere is in force for this verification).
  const reference =
    unavailable.has('fraudPatterns')
      ? cachedReference
      : await deps.reference.atLeast(lookup.referenceVersion).catch((e: unknown) => {
          if (!(e instanceof DependencyUnavailableError)) throw e;
          unavailable.add('issuers').add('fraudPatterns');
          return { directory: [], textPatterns: [] } satisfies ReferenceData;
        });

  const ctx: CheckContext = {
    now,
    fields,
    textSource: reading.textSource,
    fullText: fullTextOf(reading.text),
    ...(reading.text ? { pages: reading.text.pages } : {}),
    ...(reading.document ? { document: reading.document } : {}),
    ...(reading.forensics ? { forensics: reading.forensics } : {}),
    qrCodes,
    ...(reading.reportNumberReconciled ? { reportNumberReconciled: reading.reportNumberReconciled } : {}),
    submission,
    ...(principal.platformId ? { platformId: principal.platformId } : {}),
    issuers: {
      byAccreditation: (fields.accreditationNumbers?.value ?? []).map((printed) => ({
        printed,
        issuer: lookup.issuersByAccreditation.get(printed.number),
      })),
      ...(lookup.issuerByName ? { byName: lookup.issuerByName } : {}),
      directory: reference.directory,
    },
    registeredReports: lookup.registeredReports,
    fraudPatterns: { keyed: lookup.keyedFraudPatterns, text: reference.textPatterns },
    history: lookup.history,
    ...(credential ? { credential } : {}),
    ...(unavailable.size > 0 ? { unavailable: [...unavailable] } : {}),
  };

  const checks = runChecks(ctx);
  const presented = presentedProduct(fields, submission);
  const decision = decideVerdict(checks);
  const issuer = resolveIssuer(ctx)?.issuer ?? (() => {
    const registered = selectRegisteredReport(ctx);
    return registered ? { issuerId: registered.issuerId } : undefined;
  })();
  const verification: Verification = {
    verificationId: options.verificationId ?? newVerificationId(now),
    verdict: decision.verdict,
    riskScore: decision.riskScore,
    summary: summarise(decision),
    checks,
    extracted: { fields, textSource: reading.textSource },
    ...(reading.document ? { document: reading.document } : {}),
    ...(issuer ? { issuerId: issuer.issuerId } : {}),
    ...(fields.reportNumber ? { reportNumber: fields.reportNumber.value } : {}),
    ...(submission.sellerId ? { sellerId: submission.sellerId } : {}),
    ...(submission.listingId ? { listingId: submission.listingId } : {}),
    ...(submission.claimedProduct ? { claimedProduct: submission.claimedProduct } : {}),
    ...(presented ? { presentedProduct: presented } : {}),
    submittedBy: { keyId: principal.keyId, role: principal.role, ...(principal.platformId ? { platformId: principal.platformId } : {}) },
    createdAt: now.toISOString(),
  };
  await deps.repos.verifications.put(verification);
  return verification;
};

const emptyLookup = (): VerificationLookup => ({
  referenceVersion: 0,
  issuersByAccreditation: new Map(),
  keyedFraudPatterns: [],
  registeredReports: [],
  history: [],
});

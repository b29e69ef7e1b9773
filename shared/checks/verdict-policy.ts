/**
 * The verdict policy: one function from check results to a verdict.
 *
 * Every result falls into one class (`classify`):
 *
 * | class         | what                                                        | weight |
 * |---------------|-------------------------------------------------------------|--------|
 * | hard          | a FAIL listed in HARD_EVIDENCE: proof of forgery or misuse  | 50     |
 * | fail          | any other FAIL: something is wrong, not proof of forgery    | 25     |
 * | suspicion     | a WARN not listed below: something is off                   | 12     |
 * | unverifiable  | a WARN in UNVERIFIABLE_WARNINGS: we could not verify        | 8      |
 * | informational | a WARN in BESIDE_AUTHENTIC: may stand beside AUTHENTIC      | 2      |
 * | error         | ERROR: a dependency or the check broke; never a FAIL        | 4      |
 * | pass/skipped  |                                                             | 0      |
 *
 * The verdict, in this order:
 * 1. FRAUDULENT when any result is hard evidence (decisive: those results).
 * 2. AUTHENTIC when the report is registered and VALID (report-registered
 *    PASS), every printed field matches (fields-match PASS, at least one field
 *    compared), the accreditation was valid on the issue date
 *    (accreditation-valid-at-issue PASS, or SKIPPED because no accreditation
 *    is claimed or held), and every other result is PASS, SKIPPED or an
 *    informational WARN: no FAIL, no other WARN, no ERROR.
 * 3. SUSPICIOUS when any result is fail or suspicion.
 * 4. UNVERIFIABLE otherwise: unknown issuer, an issuer that does not register
 *    its reports, unreadable document, nothing compared, or an ERROR.
 *
 * What counts as hard evidence from a reading is decided before: the checks
 * apply the reading rule of reading-policy.ts (re-exported here). A
 * read-vs-registered disagreement is hard only when the value was read
 * confidently, at the place its label names, and the registered value is not
 * printed there; an unregistered or off-pattern number only when it was read
 * cleanly. Otherwise the checks WARN (FIELDS_DIFFER_UNCERTAIN_READ,
 * NOT_REGISTERED_UNCERTAIN_READ, OFF_PATTERN_UNCERTAIN_READ) → SUSPICIOUS,
 * with the reason in the evidence. A misread genuine field is never FRAUDULENT.
 *
 * ERROR results never count as FAIL and never lead to FRAUDULENT: they only
 * stop AUTHENTIC (→ UNVERIFIABLE). FRAUDULENT needs hard evidence from a check
 * that completed; run-checks never runs a check on data that failed to load.
 *
 * riskScore places the verdict's band and moves within it with the weight of
 * the evidence: round(min + (max − min) × min(1, Σ weights / 100)), bands
 * AUTHENTIC 0–15, UNVERIFIABLE 25–49, SUSPICIOUS 50–79, FRAUDULENT 80–100.
 * E.g. one hard FAIL → 90, two → 100; one other FAIL → 57.
 *
 * The summary that names the decisive results is written by summary.ts, from
 * the copy each check keeps beside its codes.
 */
import type { CheckResult, Verdict } from '#shared/domain/verification.ts';
import { RunCheckCodes } from './check.ts';
import { accreditationMatchesIssuer, AccreditationMatchesIssuerCodes } from './accreditation-matches-issuer.ts';
import { accreditationScope, AccreditationScopeCodes } from './accreditation-scope.ts';
import { accreditationValidAtIssue, AccreditationValidAtIssueCodes } from './accreditation-valid-at-issue.ts';
import { claimedProduct, ClaimedProductCodes } from './claimed-product.ts';
import { credential, CredentialCodes } from './credential.ts';
import { documentHash, DocumentHashCodes } from './document-hash.ts';
import { fieldsMatch, FieldsMatchCodes } from './fields-match.ts';
import { fraudPatterns, FraudPatternsCodes } from './fraud-patterns.ts';
import { issuerKnown, IssuerKnownCodes } from './issuer-known.ts';
import { issuerName, IssuerNameCodes } from './issuer-name.ts';
import { pdfForensics, PdfForensicsCodes } from './pdf-forensics.ts';
import { qrCode, QrCodeCodes } from './qr-code.ts';
import { reportNumberPattern, ReportNumberPatternCodes } from './report-number-pattern.ts';
import { reportRegistered, ReportRegisteredCodes } from './report-registered.ts';
import { reuse, ReuseCodes } from './reuse.ts';

const key = (name: string, code: string) => `${name}:${code}`;
const keyOf = (r: CheckResult) => key(r.name, r.code);

/** FAILs that are proof: any one makes the verdict FRAUDULENT. */
export const HARD_EVIDENCE: ReadonlySet<string> = new Set([
  // a printed field differs from what the issuer registered: the document was edited
  key(fieldsMatch.name, FieldsMatchCodes.FIELDS_DIFFER),
  // the issuer registers every report, and this number is not one of them
  key(reportRegistered.name, ReportRegisteredCodes.NOT_REGISTERED),
  // A REVOKED report presented as proof is FRAUDULENT: revocation is the
  // issuer's own statement that the document must not be relied on, it is
  // definitive (unlike WITHDRAWN or SUPERSEDED, which are administrative and
  // only SUSPICIOUS), and presenting it as valid is the misrepresentation.
  key(reportRegistered.name, ReportRegisteredCodes.REVOKED),
  // the number breaks the issuer's numbering: the issuer never issued it
  key(reportNumberPattern.name, ReportNumberPatternCodes.OFF_PATTERN),
  // the printed accreditation number belongs to someone else
  key(accreditationMatchesIssuer.name, AccreditationMatchesIssuerCodes.NOT_ISSUERS),
  // a look-alike of a registered issuer's name
  key(issuerName.name, IssuerNameCodes.IMPERSONATION),
  // a HIGH-severity known fraud pattern (number, hash, name, phrase, domain, seller)
  key(fraudPatterns.name, FraudPatternsCodes.MATCHED_HIGH),
  // the QR code leads to a known fake "anti-counterfeit verification" site
  key(qrCode.name, QrCodeCodes.KNOWN_FAKE_DOMAIN),
  // a genuine report reused for another product
  key(reuse.name, ReuseCodes.DIFFERENT_PRODUCT),
  // digital passport (issue 11): a forged or altered credential, one the
  // issuer revoked, or a document whose text layer differs from its own
  // validly signed credential
  key(credential.name, CredentialCodes.SIGNATURE_INVALID),
  key(credential.name, CredentialCodes.REVOKED),
  key(credential.name, CredentialCodes.PRINTED_FIELDS_DIFFER),
]);

/**
 * WARNs that may stand beside AUTHENTIC (informational). Each says nothing
 * against a report that is registered, VALID and matches field for field.
 */
const BESIDE_AUTHENTIC: ReadonlySet<string> = new Set([
  // a scanned, printed, re-saved or signed copy of a genuine report has another hash
  key(documentHash.name, DocumentHashCodes.HASH_DIFFERS),
  // labs produce their PDFs with Acrobat and the like; the tool alone changes nothing
  key(pdfForensics.name, PdfForensicsCodes.EDITING_TOOL),
  // signing and the lab's own post-processing append revisions; allowed unless
  // the file is also known to differ from the registered one (see classify)
  key(pdfForensics.name, PdfForensicsCodes.MODIFIED_AFTER_CREATION),
  key(pdfForensics.name, PdfForensicsCodes.INCREMENTAL_UPDATES),
  // distributors resell the same goods with the same report
  key(reuse.name, ReuseCodes.SAME_PRODUCT_OTHER_SELLERS),
  // someone else misused the number earlier; this presentation fits the report
  key(reuse.name, ReuseCodes.MISUSED_BEFORE),
  // listing wording is not the report's wording; never fail a listing for it
  key(claimedProduct.name, ClaimedProductCodes.WORDING_DIFFERS),
  key(claimedProduct.name, ClaimedProductCodes.NOT_COMPARABLE),
  // scope lists name categories and our match is fuzzy: a quality question, not authenticity
  key(accreditationScope.name, AccreditationScopeCodes.OUT_OF_SCOPE),
  // official verification links often carry an opaque id instead of the number
  key(qrCode.name, QrCodeCodes.NUMBER_ABSENT),
  // the registry has no official domain for this issuer: nothing to hold against it
  key(qrCode.name, QrCodeCodes.DOMAIN_UNVERIFIABLE),
]);

/** WARNs that mean "could not verify" rather than "something is wrong". */
const UNVERIFIABLE_WARNINGS: ReadonlySet<string> = new Set([
  key(issuerKnown.name, IssuerKnownCodes.UNKNOWN_ISSUER),
  key(issuerName.name, IssuerNameCodes.UNKNOWN_NAME),
  key(reportRegistered.name, ReportRegisteredCodes.UNREGISTERED_UNVERIFIABLE),
  key(reportRegistered.name, ReportRegisteredCodes.AMBIGUOUS_REGISTRATION),
  // our registry may lack the issuer's CMA number: unverified, not wrong
  key(accreditationMatchesIssuer.name, AccreditationMatchesIssuerCodes.UNREGISTERED_ACCREDITATION),
]);

/** pdf-forensics findings that, with HASH_DIFFERS, mean the registered file was changed afterwards. */
const CHANGED_AFTER_CREATION: ReadonlySet<string> = new Set([
  PdfForensicsCodes.EDITED_WITH_TOOL,
  PdfForensicsCodes.MODIFIED_AFTER_CREATION,
  PdfForensicsCodes.INCREMENTAL_UPDATES,
]);

const ResultClass = {
  HARD: 'hard',
  FAIL: 'fail',
  SUSPICION: 'suspicion',
  UNVERIFIABLE: 'unverifiable',
  INFORMATIONAL: 'informational',
  ERROR: 'error',
  PASS: 'pass',
  SKIPPED: 'skipped',
} as const;
type ResultClass = (typeof ResultClass)[keyof typeof ResultClass];

/** Weights for riskScore (see the table above). */
const WEIGHTS: Readonly<Record<ResultClass, number>> = {
  hard: 50,
  fail: 25,
  suspicion: 12,
  unverifiable: 8,
  informational: 2,
  error: 4,
  pass: 0,
  skipped: 0,
};

const RISK_BANDS: Readonly<Record<Verdict, readonly [number, number]>> = {
  AUTHENTIC: [0, 15],
  UNVERIFIABLE: [25, 49],
  SUSPICIOUS: [50, 79],
  FRAUDULENT: [80, 100],
};

const has = (all: readonly CheckResult[], name: string, code: string, status?: CheckResult['status']) =>
  all.some((r) => r.name === name && r.code === code && (status === undefined || r.status === status));

/**
 * The class of one result among all of them. Context matters for PDF
 * forensics only:
 * - the file is byte-identical to the registered one (HASH_MATCHES): any
 *   forensic finding is the issuer's own history → informational;
 * - the file differs from the registered one (HASH_DIFFERS) and was changed
 *   after creation → suspicion: a genuine PDF that someone edited.
 * A WARN code this policy does not know is suspicion, so a new check can never
 * silently stand beside AUTHENTIC.
 */
const classify = (r: CheckResult, all: readonly CheckResult[]): ResultClass => {
  switch (r.status) {
    case 'PASS':
      return ResultClass.PASS;
    case 'SKIPPED':
      return ResultClass.SKIPPED;
    case 'ERROR':
      return ResultClass.ERROR;
    case 'FAIL':
      return HARD_EVIDENCE.has(keyOf(r)) ? ResultClass.HARD : ResultClass.FAIL;
    case 'WARN': {
      if (r.name === pdfForensics.name) {
        if (has(all, documentHash.name, DocumentHashCodes.HASH_MATCHES, 'PASS')) return ResultClass.INFORMATIONAL;
        if (CHANGED_AFTER_CREATION.has(r.code) && has(all, documentHash.name, DocumentHashCodes.HASH_DIFFERS, 'WARN')) {
          return ResultClass.SUSPICION;
        }
      }
      if (BESIDE_AUTHENTIC.has(keyOf(r))) return ResultClass.INFORMATIONAL;
      if (UNVERIFIABLE_WARNINGS.has(keyOf(r))) return ResultClass.UNVERIFIABLE;
      return ResultClass.SUSPICION;
    }
  }
};

/** What AUTHENTIC requires, each as the check and the results that satisfy it. */
const AUTHENTIC_REQUIRES: ReadonlyArray<{ name: string; ok: (r: CheckResult) => boolean }> = [
  { name: reportRegistered.name, ok: (r) => r.status === 'PASS' },
  { name: fieldsMatch.name, ok: (r) => r.status === 'PASS' },
  {
    name: accreditationValidAtIssue.name,
    ok: (r) => r.status === 'PASS' || (r.status === 'SKIPPED' && r.code === AccreditationValidAtIssueCodes.NO_ACCREDITATION_CLAIMED),
  },
];

export interface VerdictDecision {
  verdict: Verdict;
  riskScore: number;
  /** The results the verdict rests on, for the summary and for reviewers. */
  decisive: CheckResult[];
}

/** The verdict, the risk score and the decisive results. Pure; see the module comment for the policy. */
export const decideVerdict = (results: readonly CheckResult[]): VerdictDecision => {
  const classes = results.map((r) => ({ r, c: classify(r, results) }));
  const of = (...cs: ResultClass[]) => classes.filter((x) => cs.includes(x.c)).map((x) => x.r);
  const weight = classes.reduce((sum, x) => sum + WEIGHTS[x.c], 0);
  const decide = (verdict: Verdict, decisive: CheckResult[]): VerdictDecision => {
    const [min, max] = RISK_BANDS[verdict];
    return { verdict, riskScore: Math.round(min + (max - min) * Math.min(1, weight / 100)), decisive };
  };

  const hard = of(ResultClass.HARD);
  if (hard.length > 0) return decide('FRAUDULENT', hard);

  // Digital passport (issue 11): a valid credential is the strongest evidence
  // there is. With no hard evidence and no FAIL or suspicion anywhere, it is
  // AUTHENTIC on its own: it stands in for the AUTHENTIC requirements, and an
  // ERROR or unverifiable WARN of another check does not hold it back.
  const passport = results.find((r) => r.name === credential.name && r.status === 'PASS');
  if (passport && of(ResultClass.FAIL, ResultClass.SUSPICION).length === 0) return decide('AUTHENTIC', [passport]);

  const requirements = AUTHENTIC_REQUIRES.map((q) => ({ q, result: results.find((r) => r.name === q.name) }));
  const unmet = requirements.filter(({ q, result }) => !result || !q.ok(result));
  const problems = of(ResultClass.FAIL, ResultClass.SUSPICION);
  const blockers = of(ResultClass.UNVERIFIABLE, ResultClass.ERROR);
  if (unmet.length === 0 && problems.length === 0 && blockers.length === 0) {
    const met = requirements.flatMap(({ result }) => (result ? [result] : []));
    const original = results.filter((r) => r.name === documentHash.name && r.status === 'PASS');
    return decide('AUTHENTIC', [...met, ...original]);
  }
  if (problems.length > 0) return decide('SUSPICIOUS', problems);
  // Why it is not AUTHENTIC: the unmet requirement that says something (report-registered always,
  // e.g. no number could be read; others only with their own code, e.g. NO_PRINTED_FIELDS), then the blockers.
  const missing = unmet.flatMap(({ q, result }) =>
    result && !blockers.includes(result) && (q.name === reportRegistered.name || result.code !== RunCheckCodes.NOT_APPLICABLE) ? [result] : [],
  );
  return decide('UNVERIFIABLE', [...missing, ...blockers]);
};

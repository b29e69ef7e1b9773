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
 */
import type { CheckResult, Verdict } from '#shared/domain/verification.ts';
import { accreditationMatchesIssuer, AccreditationMatchesIssuerCodes } from './accreditation-matches-issuer.ts';
import { accreditationScope, AccreditationScopeCodes } from './accreditation-scope.ts';
import { accreditationValidAtIssue, AccreditationValidAtIssueCodes } from './accreditation-valid-at-issue.ts';
import { claimedProduct, ClaimedProductCodes } from './claimed-product.ts';
import { credential, CredentialCodes, CredentialPhrases } from './credential.ts';
import { datesPlausible, DatesPlausibleCodes } from './dates-plausible.ts';
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
import { RunCheckCodes } from './run-checks.ts';
import { validity, ValidityCodes } from './validity.ts';

export { judgeFieldReading, judgeNumberReading, PLACED_CONFIDENT, OCR_CONFIDENT } from './reading-policy.ts';

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
export const BESIDE_AUTHENTIC: ReadonlySet<string> = new Set([
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
export const UNVERIFIABLE_WARNINGS: ReadonlySet<string> = new Set([
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

export const ResultClass = {
  HARD: 'hard',
  FAIL: 'fail',
  SUSPICION: 'suspicion',
  UNVERIFIABLE: 'unverifiable',
  INFORMATIONAL: 'informational',
  ERROR: 'error',
  PASS: 'pass',
  SKIPPED: 'skipped',
} as const;
export type ResultClass = (typeof ResultClass)[keyof typeof ResultClass];

/** Weights for riskScore (see the table above). */
export const WEIGHTS: Readonly<Record<ResultClass, number>> = {
  hard: 50,
  fail: 25,
  suspicion: 12,
  unverifiable: 8,
  informational: 2,
  error: 4,
  pass: 0,
  skipped: 0,
};

export const RISK_BANDS: Readonly<Record<Verdict, readonly [number, number]>> = {
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
export const classify = (r: CheckResult, all: readonly CheckResult[]): ResultClass => {
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

// --- summary ---------------------------------------------------------------------

interface Phrase {
  en: string;
  zh: string;
}

const ev = (r: CheckResult): Record<string, unknown> =>
  r.evidence !== null && typeof r.evidence === 'object' && !Array.isArray(r.evidence) ? (r.evidence as Record<string, unknown>) : {};
const str = (r: CheckResult, field: string): string => {
  const v = ev(r)[field];
  return typeof v === 'string' ? v : '';
};

const FIELD_LABELS: Readonly<Record<string, Phrase>> = {
  productName: { en: 'product name', zh: '产品名称' },
  model: { en: 'model', zh: '型号规格' },
  client: { en: 'client', zh: '委托单位' },
  manufacturer: { en: 'manufacturer', zh: '生产单位' },
  standards: { en: 'standards', zh: '检验依据' },
  conclusion: { en: 'conclusion', zh: '检验结论' },
  issueDate: { en: 'issue date', zh: '签发日期' },
  sampleReceivedDate: { en: 'sample received date', zh: '收样日期' },
  validUntil: { en: 'valid-until date', zh: '有效期' },
  certificateHolder: { en: 'certificate holder', zh: '证书持有人' },
  certificationScope: { en: 'certification scope', zh: '认证范围' },
  caratWeight: { en: 'carat weight', zh: '克拉重量' },
  gemIdentification: { en: 'identification', zh: '鉴定结果' },
};

const diffFields = (r: CheckResult): Phrase => {
  const fields = Array.isArray(r.evidence)
    ? r.evidence.map((d: unknown) => String((d as { field?: unknown }).field ?? ''))
    : [];
  const labels = fields.map((f) => FIELD_LABELS[f] ?? { en: f, zh: f });
  const en = labels.map((l) => l.en).join(', ');
  return { en: `${en} ${labels.length === 1 ? 'differs' : 'differ'}`, zh: labels.map((l) => l.zh).join('、') };
};

const number = (r: CheckResult) => str(r, 'reportNumber');

/** One phrase per check:code that can be decisive, in English and Chinese. */
const PHRASES: Readonly<Record<string, (r: CheckResult) => Phrase>> = {
  // hard evidence
  [key(fieldsMatch.name, FieldsMatchCodes.FIELDS_DIFFER)]: (r) => {
    const f = diffFields(r);
    return { en: `the printed ${f.en} from the issuer's registered record`, zh: `印刷的${f.zh}与出具机构的登记记录不一致` };
  },
  [key(reportRegistered.name, ReportRegisteredCodes.NOT_REGISTERED)]: (r) => ({
    en: `report number ${number(r)} is not registered, although ${str(r, 'issuerId')} registers every report it issues`,
    zh: `报告编号${number(r)}未登记，而${str(r, 'issuerId')}登记其出具的全部报告`,
  }),
  [key(reportRegistered.name, ReportRegisteredCodes.REVOKED)]: (r) => ({
    en: `the issuer revoked report ${number(r)}`,
    zh: `出具机构已撤销报告${number(r)}`,
  }),
  [key(reportNumberPattern.name, ReportNumberPatternCodes.OFF_PATTERN)]: (r) => ({
    en: `report number ${number(r)} does not follow the issuer's numbering`,
    zh: `报告编号${number(r)}不符合该机构的编号规则`,
  }),
  [key(accreditationMatchesIssuer.name, AccreditationMatchesIssuerCodes.NOT_ISSUERS)]: () => ({
    en: "the printed accreditation number is not the issuer's",
    zh: '印刷的资质认可编号不属于该机构',
  }),
  [key(issuerName.name, IssuerNameCodes.IMPERSONATION)]: (r) => {
    const imitated = (ev(r).imitates as { name?: string } | undefined)?.name ?? '';
    return { en: `the issuer name "${str(r, 'printed')}" imitates "${imitated}"`, zh: `机构名称"${str(r, 'printed')}"仿冒"${imitated}"` };
  },
  [key(fraudPatterns.name, FraudPatternsCodes.MATCHED_HIGH)]: () => ({
    en: 'it matches a known fraud pattern of high severity',
    zh: '命中高风险的已知造假特征',
  }),
  [key(qrCode.name, QrCodeCodes.KNOWN_FAKE_DOMAIN)]: () => ({
    en: 'its QR code leads to a known fake verification site',
    zh: '二维码指向已知的虚假查询网站',
  }),
  [key(reuse.name, ReuseCodes.DIFFERENT_PRODUCT)]: () => ({
    en: 'the same report number was presented before for a different product',
    zh: '该报告编号曾被用于其他产品',
  }),
  // other FAILs
  [key(reportRegistered.name, ReportRegisteredCodes.WITHDRAWN)]: (r) => ({
    en: `the issuer withdrew report ${number(r)}`,
    zh: `出具机构已撤回报告${number(r)}`,
  }),
  [key(reportRegistered.name, ReportRegisteredCodes.SUPERSEDED)]: (r) => ({
    en: `report ${number(r)} was superseded by a newer report`,
    zh: `报告${number(r)}已被新报告替代`,
  }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.SUSPENDED_AT_ISSUE)]: () => ({
    en: 'the accreditation was suspended on the issue date',
    zh: '签发之日该机构资质处于暂停状态',
  }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.WITHDRAWN_AT_ISSUE)]: () => ({
    en: 'the accreditation was withdrawn on the issue date',
    zh: '签发之日该机构资质已被撤销',
  }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.EXPIRED_AT_ISSUE)]: () => ({
    en: 'the accreditation had expired by the issue date',
    zh: '签发之日该机构资质已过期',
  }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.NOT_YET_VALID_AT_ISSUE)]: () => ({
    en: 'the accreditation was not yet valid on the issue date',
    zh: '签发之日该机构资质尚未生效',
  }),
  [key(validity.name, ValidityCodes.EXPIRED)]: (r) => ({
    en: `the document expired on ${str(r, 'validUntil')}`,
    zh: `该文件已于${str(r, 'validUntil')}过期`,
  }),
  [key(datesPlausible.name, DatesPlausibleCodes.FUTURE_DATE)]: () => ({ en: 'a printed date lies in the future', zh: '印刷日期晚于今天' }),
  [key(datesPlausible.name, DatesPlausibleCodes.RECEIVED_AFTER_ISSUE)]: () => ({
    en: 'the sample was received after the issue date',
    zh: '收样日期晚于签发日期',
  }),
  [key(datesPlausible.name, DatesPlausibleCodes.VALID_UNTIL_BEFORE_ISSUE)]: () => ({
    en: 'the validity ends before the issue date',
    zh: '有效期截止日早于签发日期',
  }),
  [key(qrCode.name, QrCodeCodes.UNOFFICIAL_DOMAIN)]: () => ({
    en: "its QR code leads to a site that is not the issuer's official one",
    zh: '二维码未指向该机构的官方查询网站',
  }),
  [key(qrCode.name, QrCodeCodes.OTHER_REPORT_NUMBER)]: () => ({
    en: 'its QR code carries another report number',
    zh: '二维码中的报告编号与印刷编号不同',
  }),
  [key(claimedProduct.name, ClaimedProductCodes.DIFFERENT_PRODUCT)]: () => ({
    en: "the listed product is not the report's product",
    zh: '所售商品与报告中的产品不符',
  }),
  // suspicion
  [key(issuerName.name, IssuerNameCodes.POSSIBLE_IMPERSONATION_OCR)]: (r) => {
    const imitated = (ev(r).imitates as { name?: string } | undefined)?.name ?? '';
    return { en: `the issuer name as read resembles, but is not, "${imitated}"`, zh: `识别出的机构名称与"${imitated}"相近但不一致` };
  },
  [key(issuerName.name, IssuerNameCodes.UNREGISTERED_NAME_FOR_ISSUER)]: () => ({
    en: 'the printed issuer name is not one the issuer registered',
    zh: '印刷的机构名称不是该机构登记的名称',
  }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.STATUS_AT_ISSUE_UNKNOWN)]: () => ({
    en: "the accreditation's status on the issue date is not known",
    zh: '无法确认签发之日的资质状态',
  }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.NO_ACCREDITATION_ON_RECORD)]: () => ({
    en: 'the printed accreditation marks are not on record for the issuer',
    zh: '该机构没有登记所印的资质',
  }),
  [key(fieldsMatch.name, FieldsMatchCodes.FIELDS_DIFFER_UNCERTAIN_READ)]: (r) => {
    const f = diffFields(r);
    return { en: `the ${f.en} as read from the registered record, but the reading is uncertain`, zh: `识别出的${f.zh}与登记记录不一致，但识别结果不确定` };
  },
  [key(reportRegistered.name, ReportRegisteredCodes.NOT_REGISTERED_UNCERTAIN_READ)]: (r) => ({
    en: `report number ${number(r)} as read is not registered, but it was not read cleanly`,
    zh: `识别出的报告编号${number(r)}未登记，但识别结果不确定`,
  }),
  [key(reportNumberPattern.name, ReportNumberPatternCodes.OFF_PATTERN_UNCERTAIN_READ)]: (r) => ({
    en: `report number ${number(r)} as read does not follow the issuer's numbering, but it was not read cleanly`,
    zh: `识别出的报告编号${number(r)}不符合编号规则，但识别结果不确定`,
  }),
  [key(reportNumberPattern.name, ReportNumberPatternCodes.OFF_PATTERN_OCR_AMBIGUOUS)]: () => ({
    en: "the report number as read does not follow the issuer's numbering",
    zh: '识别出的报告编号不符合该机构的编号规则',
  }),
  [key(reportRegistered.name, ReportRegisteredCodes.REGISTERED_TO_OTHER_ISSUER)]: (r) => ({
    en: `report number ${number(r)} is registered by another issuer`,
    zh: `报告编号${number(r)}由其他机构登记`,
  }),
  [key(fraudPatterns.name, FraudPatternsCodes.MATCHED)]: () => ({ en: 'it matches a fraud pattern of lower severity', zh: '命中较低风险的造假特征' }),
  [key(pdfForensics.name, PdfForensicsCodes.EDITED_WITH_TOOL)]: () => ({
    en: 'the PDF was changed with an editing tool after it was created',
    zh: 'PDF生成后被编辑软件修改过',
  }),
  [key(pdfForensics.name, PdfForensicsCodes.COVERED_TEXT)]: () => ({
    en: 'the PDF paints over printed text (a white-out edit)',
    zh: 'PDF中有文字被遮盖后改写（涂改）',
  }),
  [key(pdfForensics.name, PdfForensicsCodes.REWRITTEN_IN_UPDATE)]: () => ({
    en: 'an incremental update of the PDF rewrote printed text',
    zh: 'PDF的增量更新改写了印刷文字',
  }),
  [key(pdfForensics.name, PdfForensicsCodes.INCREMENTAL_UPDATES)]: () => ({ en: 'the PDF was changed after it was created', zh: 'PDF生成后被修改过' }),
  [key(pdfForensics.name, PdfForensicsCodes.MODIFIED_AFTER_CREATION)]: () => ({ en: 'the PDF was changed after it was created', zh: 'PDF生成后被修改过' }),
  [key(documentHash.name, DocumentHashCodes.HASH_DIFFERS)]: () => ({ en: 'the file differs from the registered original', zh: '文件与登记的原件不一致' }),
  // unverifiable
  [key(issuerKnown.name, IssuerKnownCodes.UNKNOWN_ISSUER)]: () => ({ en: 'the issuer is not in the registry', zh: '出具机构不在登记库中' }),
  [key(issuerName.name, IssuerNameCodes.UNKNOWN_NAME)]: () => ({ en: 'the issuer name is not registered', zh: '机构名称未登记' }),
  [key(reportRegistered.name, ReportRegisteredCodes.UNREGISTERED_UNVERIFIABLE)]: (r) => ({
    en: `report ${number(r)} is not registered and the issuer does not register all its reports`,
    zh: `报告${number(r)}未登记，且该机构并不登记全部报告`,
  }),
  [key(reportRegistered.name, ReportRegisteredCodes.AMBIGUOUS_REGISTRATION)]: (r) => ({
    en: `several issuers registered report number ${number(r)}`,
    zh: `多个机构登记了报告编号${number(r)}`,
  }),
  [key(accreditationMatchesIssuer.name, AccreditationMatchesIssuerCodes.UNREGISTERED_ACCREDITATION)]: () => ({
    en: 'the printed accreditation number is not on record',
    zh: '印刷的资质编号未登记',
  }),
  [key(fieldsMatch.name, FieldsMatchCodes.NO_PRINTED_FIELDS)]: (r) => ({
    en: `report ${number(r)} is registered, but no printed field besides the number could be compared`,
    zh: `报告${number(r)}已登记，但除编号外没有可比对的字段`,
  }),
  [key(reportRegistered.name, RunCheckCodes.NOT_APPLICABLE)]: () => ({ en: 'no report number could be read', zh: '未能读取报告编号' }),
  // authentic
  [key(reportRegistered.name, ReportRegisteredCodes.REGISTERED_VALID)]: (r) => ({
    en: `report ${number(r)} is registered by ${str(r, 'issuerId')} and valid`,
    zh: `报告${number(r)}已由${str(r, 'issuerId')}登记且有效`,
  }),
  [key(fieldsMatch.name, FieldsMatchCodes.MATCH)]: () => ({ en: 'every printed field matches the registration', zh: '所有印刷字段与登记记录一致' }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.ACTIVE_AT_ISSUE)]: () => ({
    en: 'the accreditation was active on the issue date',
    zh: '签发之日资质有效',
  }),
  [key(accreditationValidAtIssue.name, AccreditationValidAtIssueCodes.NO_ACCREDITATION_CLAIMED)]: () => ({
    en: 'no accreditation is claimed',
    zh: '未声明资质',
  }),
  [key(documentHash.name, DocumentHashCodes.HASH_MATCHES)]: () => ({ en: 'the file is the registered original', zh: '文件即登记的原件' }),
};

const phraseOf = (r: CheckResult): Phrase => {
  if (r.name === credential.name && r.status !== 'ERROR' && CredentialPhrases[r.code]) return CredentialPhrases[r.code] as Phrase;
  if (r.status === 'ERROR') return { en: `the ${r.name} check could not be completed`, zh: `${r.name}检查未能完成` };
  return PHRASES[keyOf(r)]?.(r) ?? { en: r.message.replace(/\.$/, ''), zh: `${r.name}检查结果为${r.code}` };
};

const LEADS: Readonly<Record<Verdict, Phrase>> = {
  AUTHENTIC: { en: 'Authentic', zh: '真实' },
  FRAUDULENT: { en: 'Fraudulent', zh: '伪造' },
  SUSPICIOUS: { en: 'Suspicious', zh: '存疑' },
  UNVERIFIABLE: { en: 'Unverifiable', zh: '无法核验' },
};

/** At most this many pieces of evidence are named; the rest are counted. */
const MAX_NAMED = 3;

/**
 * One or two sentences, in English and Chinese, that name the decisive
 * evidence, e.g. "Fraudulent: the printed product name differs from the
 * issuer's registered record." / "伪造：印刷的产品名称与出具机构的登记记录不一致。"
 */
export const summarise = (decision: Pick<VerdictDecision, 'verdict' | 'decisive'>): { en: string; zh: string } => {
  const phrases = decision.decisive.map(phraseOf);
  const unique = phrases.filter((p, i) => phrases.findIndex((q) => q.en === p.en) === i);
  const named = unique.slice(0, MAX_NAMED);
  const more = unique.length - named.length;
  const lead = LEADS[decision.verdict];
  let en = named.map((p) => p.en).join('; ');
  let zh = named.map((p) => p.zh).join('；');
  if (more > 0) {
    en += `; and ${more} more finding${more === 1 ? '' : 's'}`;
    zh += `；另有${more}项发现`;
  }
  if (named.length === 0) {
    en = 'nothing on the document could be checked';
    zh = '文件中没有可核验的内容';
  }
  let enOut = `${lead.en}: ${en}.`;
  let zhOut = `${lead.zh}：${zh}。`;
  if (decision.verdict === 'SUSPICIOUS') {
    enOut += ' There is no proof of forgery; review it before relying on it.';
    zhOut += '尚无伪造的确凿证据，请人工复核。';
  }
  return { en: enOut, zh: zhOut };
};

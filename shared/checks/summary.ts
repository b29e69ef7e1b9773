/**
 * The verdict's summary: one or two sentences, in English and Chinese, that
 * name the decisive evidence (decideVerdict in verdict-policy.ts picks it).
 * Each check keeps the copy of its own codes beside them (`…Copy`, reading
 * its evidence through the schema it writes it by); this module only joins
 * the pieces.
 */
import type { CheckResult, Verdict } from '#shared/domain/verification.ts';
import { accreditationMatchesIssuer, AccreditationMatchesIssuerCopy } from './accreditation-matches-issuer.ts';
import { accreditationValidAtIssue, AccreditationValidAtIssueCopy } from './accreditation-valid-at-issue.ts';
import type { Phrase, SummaryCopy } from './check.ts';
import { claimedProduct, ClaimedProductCopy } from './claimed-product.ts';
import { credential, CredentialCopy } from './credential.ts';
import { datesPlausible, DatesPlausibleCopy } from './dates-plausible.ts';
import { documentHash, DocumentHashCopy } from './document-hash.ts';
import { fieldsMatch, FieldsMatchCopy } from './fields-match.ts';
import { fraudPatterns, FraudPatternsCopy } from './fraud-patterns.ts';
import { issuerKnown, IssuerKnownCopy } from './issuer-known.ts';
import { issuerName, IssuerNameCopy } from './issuer-name.ts';
import { pdfForensics, PdfForensicsCopy } from './pdf-forensics.ts';
import { qrCode, QrCodeCopy } from './qr-code.ts';
import { reportNumberPattern, ReportNumberPatternCopy } from './report-number-pattern.ts';
import { reportRegistered, ReportRegisteredCopy } from './report-registered.ts';
import { reuse, ReuseCopy } from './reuse.ts';
import type { VerdictDecision } from './verdict-policy.ts';
import { validity, ValidityCopy } from './validity.ts';

/** Every check's copy, by check name. */
const COPY: ReadonlyMap<string, SummaryCopy> = new Map([
  [accreditationMatchesIssuer.name, AccreditationMatchesIssuerCopy],
  [accreditationValidAtIssue.name, AccreditationValidAtIssueCopy],
  [claimedProduct.name, ClaimedProductCopy],
  [credential.name, CredentialCopy],
  [datesPlausible.name, DatesPlausibleCopy],
  [documentHash.name, DocumentHashCopy],
  [fieldsMatch.name, FieldsMatchCopy],
  [fraudPatterns.name, FraudPatternsCopy],
  [issuerKnown.name, IssuerKnownCopy],
  [issuerName.name, IssuerNameCopy],
  [pdfForensics.name, PdfForensicsCopy],
  [qrCode.name, QrCodeCopy],
  [reportNumberPattern.name, ReportNumberPatternCopy],
  [reportRegistered.name, ReportRegisteredCopy],
  [reuse.name, ReuseCopy],
  [validity.name, ValidityCopy],
]);

/** A result's piece: the ERROR sentence, else its check's copy, else its message. */
const phraseOf = (r: CheckResult): Phrase => {
  if (r.status === 'ERROR') return { en: `the ${r.name} check could not be completed`, zh: `${r.name}检查未能完成` };
  return COPY.get(r.name)?.[r.code]?.(r) ?? { en: r.message.replace(/\.$/, ''), zh: `${r.name}检查结果为${r.code}` };
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
export const summarise = (decision: Pick<VerdictDecision, 'verdict' | 'decisive'>): Phrase => {
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

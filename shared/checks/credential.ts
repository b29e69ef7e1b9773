import type { Attested, CredentialEvidence } from '#shared/domain/credential-evidence.ts';
import { foldName, normaliseIssuerName, normaliseNumber, normaliseText } from '#shared/domain/normalise.ts';
import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import type { CheckContext } from './context.ts';
import { normaliseConclusion } from './fields-match.ts';
import { isOcrSource, judgeFieldReading } from './reading-policy.ts';

const name = 'credential';
const r = results(name);

export const CredentialCodes = {
  VALID: 'VALID',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  MALFORMED: 'MALFORMED',
  PASSPORT_NOT_FOUND: 'PASSPORT_NOT_FOUND',
  REVOKED: 'REVOKED',
  SUSPENDED: 'SUSPENDED',
  NOT_YET_VALID: 'NOT_YET_VALID',
  EXPIRED: 'EXPIRED',
  PRINTED_FIELDS_DIFFER: 'PRINTED_FIELDS_DIFFER',
  PRINTED_FIELDS_DIFFER_UNCERTAIN_READ: 'PRINTED_FIELDS_DIFFER_UNCERTAIN_READ',
  KEY_UNAVAILABLE: 'KEY_UNAVAILABLE',
  STATUS_LIST_UNAVAILABLE: 'STATUS_LIST_UNAVAILABLE',
} as const;
const Codes = CredentialCodes;

type Compared = 'reportNumber' | 'productName' | 'model' | 'client' | 'manufacturer' | 'standards' | 'conclusion' | 'issueDate' | 'validUntil';
const COMPARED: ReadonlyArray<readonly [Compared, (a: string) => string]> = [
  ['reportNumber', normaliseNumber],
  ['productName', foldName],
  ['model', foldName],
  ['client', normaliseIssuerName],
  ['manufacturer', normaliseIssuerName],
  ['conclusion', normaliseConclusion],
  ['issueDate', normaliseText],
  ['validUntil', normaliseText],
];

/** Printed fields that differ from what the credential attests (a field missing on either side is no difference). */
const printedDiff = (ctx: CheckContext, attested: Attested) => {
  const diff: Array<{ field: Compared; printed: unknown; attested: unknown }> = [];
  for (const [field, norm] of COMPARED) {
    const printed = ctx.fields[field]?.value;
    const claimed = attested[field];
    if (typeof printed !== 'string' || typeof claimed !== 'string') continue;
    if (norm(printed) !== norm(claimed)) diff.push({ field, printed, attested: claimed });
  }
  const printedStandards = ctx.fields.standards?.value;
  if (printedStandards && attested.standards) {
    const known = new Set(attested.standards.map(normaliseNumber));
    if (!printedStandards.every((s) => known.has(normaliseNumber(s)))) diff.push({ field: 'standards', printed: printedStandards, attested: attested.standards });
  }
  return diff;
};

const listed = (diff: ReadonlyArray<{ field: string }>) => `${diff.map((d) => d.field).join(', ')} ${diff.length === 1 ? 'differs' : 'differ'}`;

const day = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

/**
 * The digital passport holds (issue 11): signed by this deployment's key,
 * within its validity period, neither status bit set, and, when a document
 * carried it, the printed fields equal its subject.
 * - bad signature, a kid that is none of our keys, revoked, or printed fields
 *   (read from a text layer) that differ from a validly signed credential → FAIL;
 * - a passport link whose token or number we never issued → FAIL PASSPORT_NOT_FOUND;
 * - suspended → WARN; printed fields read by OCR that differ → WARN;
 * - the keys or a status list could not be had → ERROR, never FAIL.
 */
export const credential: Check = {
  name,
  needs: [],
  applies: (ctx) => ctx.credential !== undefined,
  run: (ctx) => {
    const c = ctx.credential;
    if (!c) throw new Error('applies() guarantees a credential');
    const base = { source: c.source, ...(c.kid ? { kid: c.kid } : {}), ...(c.attested.reportNumber ? { reportNumber: c.attested.reportNumber } : {}) };
    switch (c.signature) {
      case 'malformed':
        return r.fail(Codes.MALFORMED, `The credential is not a VC-JOSE credential: ${c.detail ?? 'malformed'}.`, base);
      case 'invalid':
        return r.fail(Codes.SIGNATURE_INVALID, `The credential's signature does not verify: ${c.detail ?? 'invalid'}.`, base);
      case 'not-found':
        return r.fail(Codes.PASSPORT_NOT_FOUND, 'The passport link is not one this deployment issued (unknown report or wrong token).', base);
      case 'key-unavailable':
        return r.error(Codes.KEY_UNAVAILABLE, 'The issuer keys could not be had; the credential was not verified.', { ...base, detail: c.detail });
      case 'valid':
        break;
    }
    const evidence = { ...base, issuer: c.issuer, validFrom: c.validFrom, validUntil: c.validUntil, status: c.status };
    const diff = ctx.textSource === 'credential' ? [] : printedDiff(ctx, c.attested);
    // The reading policy decides, as for the registry: a difference is hard evidence only when it was read
    // confidently from a text layer (every OCR engine counts as uncertain, paddle included).
    const hard = diff.filter(
      (d) =>
        judgeFieldReading({
          textSource: ctx.textSource,
          confidence: ctx.fields[d.field]?.confidence ?? 0,
          registeredAtPlace: undefined,
          registeredElsewhere: false,
          lookalike: isOcrSource(ctx.textSource) ? 'uncertain' : 'differs',
        }).outcome === 'hard',
    );
    if (hard.length > 0) {
      return r.fail(Codes.PRINTED_FIELDS_DIFFER, `Printed ${listed(hard)} from the signed credential.`, { ...evidence, diff: hard });
    }
    if (c.status.revocation === 'set') return r.fail(Codes.REVOKED, 'The issuer revoked this credential (revocation bit set).', evidence);
    const now = ctx.now.getTime();
    const from = day(c.validFrom);
    const until = day(c.validUntil);
    if (from !== undefined && from > now) return r.fail(Codes.NOT_YET_VALID, `The credential is valid only from ${c.validFrom}.`, evidence);
    if (until !== undefined && until < now) return r.fail(Codes.EXPIRED, `The credential expired on ${c.validUntil}.`, evidence);
    if (c.status.revocation === 'unavailable' || c.status.suspension === 'unavailable' || c.status.revocation === 'absent' || c.status.suspension === 'absent') {
      return r.error(Codes.STATUS_LIST_UNAVAILABLE, 'A status list of the credential could not be had; its status is unknown.', { ...evidence, detail: c.detail });
    }
    if (c.status.suspension === 'set') return r.warn(Codes.SUSPENDED, 'The issuer suspended this credential (suspension bit set).', evidence);
    if (diff.length > 0) {
      return r.warn(Codes.PRINTED_FIELDS_DIFFER_UNCERTAIN_READ, `Printed ${listed(diff)} from the signed credential, as read by OCR: possibly a misreading.`, { ...evidence, diff });
    }
    return r.pass(Codes.VALID, 'The credential is signed by this deployment, within its validity period, and neither revoked nor suspended.', evidence);
  },
};

/** A context with nothing but a passport, for judging a credential on its own (the CLI, benchmarks). */
export const credentialOnlyContext = (c: CredentialEvidence, now = new Date()): CheckContext => ({
  now,
  fields: {},
  textSource: 'credential',
  fullText: '',
  qrCodes: [],
  submission: {},
  issuers: { byAccreditation: [], directory: [] },
  registeredReports: [],
  fraudPatterns: { keyed: [], text: [] },
  history: [],
  credential: c,
});

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const CredentialCopy: SummaryCopy = {
  [Codes.VALID]: says('its digital passport is signed by certverify and neither revoked nor suspended', '数字护照签名有效，未被撤销或暂停'),
  [Codes.SIGNATURE_INVALID]: says("its digital passport's signature does not verify", '数字护照签名无效'),
  [Codes.REVOKED]: says('its digital passport was revoked by the issuer', '数字护照已被出具机构撤销'),
  [Codes.PRINTED_FIELDS_DIFFER]: says('the printed fields differ from its signed digital passport', '印刷内容与已签名的数字护照不一致'),
  [Codes.SUSPENDED]: says('its digital passport is suspended', '数字护照已被暂停'),
  [Codes.PASSPORT_NOT_FOUND]: says('its passport link was not issued by certverify', '护照链接并非本平台签发'),
  [Codes.EXPIRED]: says('its digital passport has expired', '数字护照已过期'),
  [Codes.NOT_YET_VALID]: says('its digital passport is not yet valid', '数字护照尚未生效'),
  [Codes.MALFORMED]: says('its digital passport is malformed', '数字护照格式错误'),
};

import { decodePayload, hostAndParents, hostWithin, normaliseFraudValue, normaliseNumber, payloadNumberTokens } from '#shared/domain/normalise.ts';
import type { Check } from './check.ts';
import { results, says, type SummaryCopy } from './check.ts';
import type { CheckContext, QrPayload } from './context.ts';
import { qrCodesOf, qrHost, resolveIssuer } from './context.ts';
import { safeRegex } from '#shared/domain/safe-regex.ts';
import { NumberReconciliations } from './reading-policy.ts';

const name = 'qr-code';
const r = results(name);

export const QrCodeCodes = {
  CONSISTENT: 'CONSISTENT',
  KNOWN_FAKE_DOMAIN: 'KNOWN_FAKE_DOMAIN',
  UNOFFICIAL_DOMAIN: 'UNOFFICIAL_DOMAIN',
  OTHER_REPORT_NUMBER: 'OTHER_REPORT_NUMBER',
  NUMBER_ABSENT: 'NUMBER_ABSENT',
  /** The printed number is partly illegible (a seal over it); what can be read fits the QR code's number, which was used. */
  NUMBER_PARTLY_LEGIBLE: 'NUMBER_PARTLY_LEGIBLE',
  DOMAIN_UNVERIFIABLE: 'DOMAIN_UNVERIFIABLE',
} as const;
type QrFinding = (typeof QrCodeCodes)[keyof typeof QrCodeCodes];
const Codes = QrCodeCodes;

/** Worst first: the aggregate result takes the worst finding over all QR codes. */
const RANK: readonly QrFinding[] = [
  Codes.KNOWN_FAKE_DOMAIN,
  Codes.UNOFFICIAL_DOMAIN,
  Codes.OTHER_REPORT_NUMBER,
  Codes.NUMBER_PARTLY_LEGIBLE,
  Codes.NUMBER_ABSENT,
  Codes.DOMAIN_UNVERIFIABLE,
  Codes.CONSISTENT,
];

/** A QR_DOMAIN fraud pattern (EXACT: the host or a parent domain; REGEX: the host) that the host matches. */
const fakeDomainPattern = (ctx: CheckContext, host: string) =>
  [...ctx.fraudPatterns.keyed, ...ctx.fraudPatterns.text].find((p) => {
    if (p.kind !== 'QR_DOMAIN') return false;
    if (p.match === 'REGEX') return safeRegex(p.value, { caseInsensitive: true })?.test(host) ?? false;
    return hostAndParents(host).includes(normaliseFraudValue('QR_DOMAIN', p.value));
  });

const judge = (ctx: CheckContext, q: QrPayload) => {
  const issuer = resolveIssuer(ctx)?.issuer;
  const host = qrHost(q) ?? null;
  const domains = issuer?.verificationDomains ?? [];
  const payload = decodePayload(q.payload);
  const printed = ctx.fields.reportNumber?.value;
  const numberPresent = printed === undefined || normaliseNumber(payload).includes(normaliseNumber(printed));
  const patterns = (issuer?.reportNumberPatterns ?? []).flatMap((p) => safeRegex(`^(?:${p})$`) ?? []);
  const otherNumber =
    printed === undefined || numberPresent
      ? undefined
      : payloadNumberTokens(q.payload).find((t) => t !== normaliseNumber(printed) && patterns.some((re) => re.test(t)));
  const fake = host !== null ? fakeDomainPattern(ctx, host) : undefined;
  const reconciled = ctx.reportNumberReconciled;
  const completed = reconciled?.how === NumberReconciliations.PARTLY_LEGIBLE && numberPresent && printed !== undefined;
  let finding: QrFinding;
  if (fake) finding = Codes.KNOWN_FAKE_DOMAIN;
  else if (host !== null && domains.length > 0 && !domains.some((d) => hostWithin(host, d))) finding = Codes.UNOFFICIAL_DOMAIN;
  else if (otherNumber !== undefined) finding = Codes.OTHER_REPORT_NUMBER;
  else if (completed) finding = Codes.NUMBER_PARTLY_LEGIBLE;
  else if (!numberPresent) finding = Codes.NUMBER_ABSENT;
  else if (host !== null && domains.length === 0) finding = Codes.DOMAIN_UNVERIFIABLE;
  else finding = Codes.CONSISTENT;
  return {
    payload: q.payload,
    host,
    ...(q.page !== undefined ? { page: q.page } : {}),
    finding,
    ...(completed && reconciled ? { printedAs: reconciled.printed } : {}),
    ...(fake ? { fraudPatternId: fake.id } : {}),
    ...(otherNumber !== undefined ? { otherNumber } : {}),
  };
};

const MESSAGES: Record<QrFinding, string> = {
  KNOWN_FAKE_DOMAIN: 'The QR code leads to a known fake verification site.',
  UNOFFICIAL_DOMAIN: "The QR code leads to a site that is not one of the issuer's official verification domains.",
  OTHER_REPORT_NUMBER: 'The QR code carries a different report number of the same issuer.',
  NUMBER_ABSENT: 'The QR code does not carry the printed report number.',
  NUMBER_PARTLY_LEGIBLE: "The printed report number is partly illegible; what can be read fits the QR code's number, which was used: a person should confirm it.",
  DOMAIN_UNVERIFIABLE: 'The QR code host cannot be checked: no official verification domain is on record for the issuer.',
  CONSISTENT: "The QR code points to the issuer's official verification domain and carries the printed report number.",
};

/**
 * Every QR code points to one of the issuer's verificationDomains (subdomains
 * included) and carries the printed report number.
 * - host is a QR_DOMAIN fraud pattern → FAIL KNOWN_FAKE_DOMAIN;
 * - host outside the official domains → FAIL UNOFFICIAL_DOMAIN;
 * - payload carries another number that fits the issuer's pattern → FAIL OTHER_REPORT_NUMBER;
 * - the printed number was partly illegible and completed from this code's number
 *   (services/reconcile-ocr.ts) → WARN NUMBER_PARTLY_LEGIBLE, with what was printed;
 * - payload does not carry the number (many carry an opaque id) → WARN NUMBER_ABSENT;
 * - no official domain on record (or issuer unknown) → WARN DOMAIN_UNVERIFIABLE.
 */
export const qrCode: Check = {
  name,
  needs: ['issuers', 'registeredReports', 'fraudPatterns'],
  applies: (ctx) => qrCodesOf(ctx.fields, ctx.qrCodes).length > 0,
  run: (ctx) => {
    const judged = qrCodesOf(ctx.fields, ctx.qrCodes).map((q) => judge(ctx, q));
    const worst = RANK.find((code) => judged.some((j) => j.finding === code)) ?? Codes.CONSISTENT;
    const evidence = { officialDomains: resolveIssuer(ctx)?.issuer.verificationDomains ?? [], qrCodes: judged };
    switch (worst) {
      case Codes.CONSISTENT:
        return r.pass(worst, MESSAGES[worst], evidence);
      case Codes.NUMBER_ABSENT:
      case Codes.NUMBER_PARTLY_LEGIBLE:
      case Codes.DOMAIN_UNVERIFIABLE:
        return r.warn(worst, MESSAGES[worst], evidence);
      default:
        return r.fail(worst, MESSAGES[worst], evidence);
    }
  },
};

// --- summary copy: the codes that can be decisive, in English and Chinese ------

export const QrCodeCopy: SummaryCopy = {
  [Codes.KNOWN_FAKE_DOMAIN]: says('its QR code leads to a known fake verification site', '二维码指向已知的虚假查询网站'),
  [Codes.UNOFFICIAL_DOMAIN]: says("its QR code leads to a site that is not the issuer's official one", '二维码未指向该机构的官方查询网站'),
  [Codes.OTHER_REPORT_NUMBER]: says('its QR code carries another report number', '二维码中的报告编号与印刷编号不同'),
  [Codes.NUMBER_PARTLY_LEGIBLE]: says(
    "the printed report number is partly illegible and was read from the QR code; a person should confirm it",
    '印刷的报告编号部分无法辨认，已按二维码中的编号核对，需人工确认',
  ),
};

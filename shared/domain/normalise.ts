/**
 * Normalisation shared by the store (lookup keys), the field parsers and the
 * checks, so that "ＣＮＡＳ Ｌ１２３４", "CNAS L1234" and "cnas l 1234" meet.
 */
import { parse as parseDomain } from 'tldts';

/** Full-width to half-width and compatibility forms (NFKC), ideographic space to space, runs of space collapsed. */
export const normaliseText = (s: string): string =>
  s.normalize('NFKC').replace(/[\u3000\s]+/gu, ' ').trim();

/** Report, certificate and accreditation numbers: NFKC, upper case, no spaces. */
export const normaliseNumber = (s: string): string => normaliseText(s).toUpperCase().replace(/\s+/g, '');

/** A QR code's payload as text: URL-decoded when it is percent-encoded, else as it is. */
export const decodePayload = (payload: string): string => {
  try {
    return decodeURIComponent(payload);
  } catch {
    return payload;
  }
};

/** The tokens of a QR code's payload that could be a report number: split at URL delimiters, normalised, each with a digit. */
export const payloadNumberTokens = (payload: string): string[] =>
  decodePayload(payload).split(/[/?&=#:,;\s]+/u).map(normaliseNumber).filter((t) => /\d/.test(t));

const ACCREDITATION_SCHEME_PREFIX = /^(?:CNAS|CMA|CNCA|ILAC(?:-?MRA)?|IAF)[-:.]?/;

/**
 * An accreditation number as compared and as looked up: normaliseNumber
 * without a leading scheme name ("CNAS L1234", "cnas l 1234" → "L1234").
 */
export const normaliseAccreditationNumber = (n: string): string => {
  const num = normaliseNumber(n);
  const stripped = num.replace(ACCREDITATION_SCHEME_PREFIX, '');
  return stripped === '' ? num : stripped;
};

/** Legal-form suffixes stripped before names are compared; longest first. */
const LEGAL_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团公司',
  '公司',
  'company limited',
  'co., ltd.',
  'co., ltd',
  'co.,ltd.',
  'co.,ltd',
  'co. ltd.',
  'co ltd',
  'limited',
  'ltd.',
  'ltd',
  'l.l.c.',
  'llc',
  'inc.',
  'inc',
  'corporation',
  'corp.',
  'corp',
  'gmbh',
  's.a.',
  'b.v.',
  'plc',
] as const;

/** Case-folded, without punctuation and spacing; keeps the legal suffix. */
export const foldName = (s: string): string =>
  normaliseText(s)
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');

/**
 * The comparable form of an organisation name: NFKC, case-folded, legal
 * suffixes (有限公司, Co., Ltd. …) removed, punctuation and spaces removed.
 */
export const normaliseIssuerName = (s: string): string => {
  let name = normaliseText(s).toLowerCase();
  let changed = true;
  while (changed) {
    changed = false;
    const trimmed = name.replace(/[\s,.]+$/u, '');
    for (const suffix of LEGAL_SUFFIXES) {
      if (trimmed.endsWith(suffix) && trimmed.length > suffix.length) {
        name = trimmed.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return foldName(name);
};

// --- hosts -------------------------------------------------------------------

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//iu;
/** A bare payload is a host only when it looks like host/path: labels, an alphabetic TLD, then the end or a separator. */
const BARE_HOST = /^(?:[a-z0-9-]+\.)+[a-z]{2,63}(?:[:/?#]|$)/iu;

/**
 * The host a link points to, lower case: a URL with a scheme (an IP address
 * too), or a bare host/path such as "verify.example.cn/r/1". Undefined when the
 * text is not a link (a report number, "mailto:…").
 */
export const urlHost = (text: string): string | undefined => {
  const t = normaliseText(text);
  const candidate = HAS_SCHEME.test(t) ? t : BARE_HOST.test(t) ? `https://${t}` : undefined;
  if (candidate === undefined) return undefined;
  try {
    const host = new URL(candidate).hostname.toLowerCase();
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
};

/** Host of a URL-ish string, lower case, without a leading "www." (the key fraud patterns of kind QR_DOMAIN are stored by). */
export const normaliseHost = (s: string): string => {
  const text = normaliseText(s).toLowerCase();
  try {
    return new URL(HAS_SCHEME.test(text) ? text : `https://${text}`).hostname.replace(/^www\./u, '');
  } catch {
    return text.replace(/^www\./u, '');
  }
};

/**
 * A host and its parent domains down to its registrable domain, by the Public
 * Suffix List (tldts, private suffixes included): a.b.example.com.cn →
 * [a.b.example.com.cn, b.example.com.cn, example.com.cn], never com.cn; a
 * github.io page stops at its own name. An IP address is itself; a public
 * suffix alone, or a name with none, has no parents and is not listed.
 */
export const hostAndParents = (host: string): string[] => {
  const parsed = parseDomain(host, { allowPrivateDomains: true });
  if (parsed.isIp === true) return [host];
  if (parsed.domain === null) return [];
  const labels = host.split('.');
  const stop = labels.length - parsed.domain.split('.').length;
  return labels.slice(0, stop + 1).map((_, i) => labels.slice(i).join('.'));
};

/** True when host is domain or one of its subdomains. */
export const hostWithin = (host: string, domain: string): boolean => {
  const d = normaliseHost(domain);
  return host === d || host.endsWith(`.${d}`);
};

/**
 * The one normalisation of a fraud-pattern value per kind, used both when a
 * pattern is stored and when a verification looks it up by key.
 */
export const normaliseFraudValue = (
  kind: 'REPORT_NUMBER' | 'DOCUMENT_SHA256' | 'ISSUER_NAME' | 'ACCREDITATION_NUMBER' | 'PHRASE' | 'QR_DOMAIN' | 'SELLER',
  value: string,
): string => {
  switch (kind) {
    case 'REPORT_NUMBER':
    case 'ACCREDITATION_NUMBER':
      return normaliseNumber(value);
    case 'DOCUMENT_SHA256':
      return normaliseText(value).toLowerCase();
    case 'ISSUER_NAME':
      return normaliseIssuerName(value);
    case 'QR_DOMAIN':
      return normaliseHost(value);
    case 'SELLER':
    case 'PHRASE':
      return normaliseText(value).toLowerCase();
  }
};

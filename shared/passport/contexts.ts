import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import untpDccTerms from './contexts/untp-dcc-terms.json' with { type: 'json' };

/**
 * The JSON-LD contexts of a passport credential, shipped with the code so that
 * nothing is fetched at verification time:
 * - the W3C VC 2.0 context, from the @digitalbazaar/credentials-context package;
 * - the UNTP DCC terms the credential uses, as certverify's own definitions in
 *   contexts/untp-dcc-terms.json (the subset of terms we use, mapped to UNTP
 *   vocabulary IRIs; certverify's own terms under a `certverify#` namespace).
 *   It is not a copy of the published UNTP context.
 */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const UNTP_DCC_CONTEXT = 'https://test.uncefact.org/vocabulary/untp/dcc/0.6.0/';
export const CONTEXT_URLS = [VC_V2_CONTEXT, UNTP_DCC_CONTEXT] as const;

const shipped = new Map<string, unknown>([
  [VC_V2_CONTEXT, vcContexts.get(VC_V2_CONTEXT)],
  [UNTP_DCC_CONTEXT, untpDccTerms],
]);

/** A JSON-LD document loader over the shipped contexts only: any other URL is refused, never fetched. */
export const documentLoader = (url: string): { contextUrl: null; documentUrl: string; document: unknown } => {
  const document = shipped.get(url);
  if (document === undefined) throw new Error(`context ${url} is not shipped with certverify; nothing is fetched`);
  return { contextUrl: null, documentUrl: url, document };
};

export const shippedContextUrls = (): string[] => [...shipped.keys()];

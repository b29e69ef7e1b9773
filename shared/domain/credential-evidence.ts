/**
 * What the verification of a digital passport found, prefetched before the
 * checks run (signature with the deployment's keys, both status bits from the
 * status lists). Evidence for the `credential` check, never a verdict.
 */

/** What a credential attests, flat, in the names of the registration (and of `extracted.fields`). */
export interface Attested {
  issuerId?: string;
  issuerName?: string;
  accreditationNumbers?: Array<{ scheme: string; number: string }>;
  reportNumber?: string;
  documentType?: string;
  productName?: string;
  model?: string;
  client?: string;
  manufacturer?: string;
  standards?: string[];
  conclusion?: string;
  issueDate?: string;
  validUntil?: string;
  documentSha256?: string;
}

/** One status bit: set, clear, or the list could not be had (an ERROR, never a FAIL). */
export type StatusBit = 'set' | 'clear' | 'unavailable' | 'absent';

export interface CredentialEvidence {
  /** How the credential reached us. */
  source: 'credential' | 'passport-url' | 'document-qr' | 'document-text';
  /**
   * - valid: signed by a key of this deployment's did document;
   * - invalid: the signature does not verify, or the kid names no key of ours;
   * - malformed: not a VC-JOSE compact JWS with a credential payload;
   * - key-unavailable: the issuer's keys could not be had;
   * - not-found: a passport URL of this deployment whose token or number is not one we issued.
   */
  signature: 'valid' | 'invalid' | 'malformed' | 'key-unavailable' | 'not-found';
  kid?: string;
  issuer?: string;
  validFrom?: string;
  validUntil?: string;
  status: { revocation: StatusBit; suspension: StatusBit };
  /** Verified fields when signature is valid; the unverified claims otherwise (never trusted). */
  attested: Attested;
  /** Why the signature is not valid, or which status list could not be had. */
  detail?: string;
}

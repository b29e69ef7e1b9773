/**
 * What the verification of a digital passport found, prefetched before the
 * checks run (signature with the deployment's keys, both status bits from the
 * status lists). Evidence for the `credential` check, never a verdict.
 */
import type { z } from 'zod';
import type { RegisterReportInput } from './report.ts';

/** The registration's own fields a credential repeats, each optional: a credential may leave any out. */
type AttestedRegistration = Partial<
  Pick<
    z.infer<typeof RegisterReportInput>,
    'reportNumber' | 'productName' | 'model' | 'client' | 'manufacturer' | 'standards' | 'conclusion' | 'issueDate' | 'validUntil' | 'documentSha256'
  >
>;

/** What a credential attests, flat, in the names of the registration (and of `extracted.fields`). */
export interface Attested extends AttestedRegistration {
  issuerId?: string;
  issuerName?: string;
  accreditationNumbers?: Array<{ scheme: string; number: string }>;
  /** As the credential says it, not yet checked against DocumentType. */
  documentType?: string;
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

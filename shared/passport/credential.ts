import type { Attested } from '#shared/domain/credential-evidence.ts';
import type { Issuer } from '#shared/domain/issuer.ts';
import type { RegisteredReport } from '#shared/domain/report.ts';
import { CONTEXT_URLS } from './contexts.ts';
import type { StatusPurpose } from './status-list.ts';

/**
 * The digital passport's credential: a W3C VCDM 2.0 DigitalConformityCredential
 * whose subject is a UNTP ConformityAttestation of one registered report.
 * Property names follow the UNTP ConformityAttestation vocabulary where it has
 * a term (assessorLevel, attestationType, issuedToParty, conformityAssessment,
 * assessedProduct, referenceStandard, conformance, assessmentDate); the rest
 * are certverify terms, defined in the shipped context (contexts/).
 */

export interface StatusEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export interface Deployment {
  did: string;
  name: string;
  publicBaseUrl: string;
}

const ATTESTATION_TYPE = {
  INSPECTION_REPORT: 'inspection',
  CERTIFICATE: 'certification',
  GEM_REPORT: 'testing',
  OTHER: 'other',
} as const;

const conformance = (conclusion: string | undefined): boolean | undefined => {
  if (conclusion === undefined) return undefined;
  if (/^(PASS|合格|符合)$/i.test(conclusion.trim())) return true;
  if (/^(FAIL|不合格|不符合)$/i.test(conclusion.trim())) return false;
  return undefined;
};

const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const subjectId = (issuerId: string, reportNumber: string) =>
  `urn:certverify:report:${encodeURIComponent(issuerId)}:${encodeURIComponent(reportNumber)}`;

/** The credential of one registered report. Its content is the record's: equal records give equal credentials. */
export const buildCredential = (
  deployment: Deployment,
  report: RegisteredReport,
  issuer: Pick<Issuer, 'issuerId' | 'name' | 'accreditations'>,
  status: readonly StatusEntry[],
) => ({
  '@context': [...CONTEXT_URLS],
  type: ['VerifiableCredential', 'DigitalConformityCredential'],
  id: `urn:certverify:credential:${report.contentHash}`,
  issuer: { id: deployment.did, name: deployment.name },
  validFrom: `${report.issueDate}T00:00:00Z`,
  ...(report.validUntil ? { validUntil: `${report.validUntil}T23:59:59Z` } : {}),
  credentialSubject: defined({
    type: ['ConformityAttestation'],
    id: subjectId(report.issuerId, report.reportNumber),
    name: report.reportNumber,
    reportNumber: report.reportNumber,
    documentType: report.documentType,
    assessorLevel: '3rdParty',
    attestationType: ATTESTATION_TYPE[report.documentType],
    issuingBody: {
      type: ['Party'],
      id: `urn:certverify:issuer:${issuer.issuerId}`,
      issuerId: issuer.issuerId,
      name: issuer.name,
      accreditations: issuer.accreditations.map((a) => ({ scheme: a.scheme, number: a.number })),
    },
    issuedToParty: report.client ? { type: ['Party'], name: report.client } : undefined,
    issueDate: report.issueDate,
    validUntil: report.validUntil,
    conformityAssessment: [
      defined({
        type: ['ConformityAssessment'],
        assessmentDate: report.issueDate,
        assessedProduct: [
          {
            type: ['ProductVerification'],
            product: defined({
              type: ['Product'],
              name: report.productName,
              model: report.model,
              manufacturer: report.manufacturer ? { type: ['Party'], name: report.manufacturer } : undefined,
            }),
          },
        ],
        referenceStandard: report.standards?.map((code) => ({ type: ['Standard'], name: code })),
        conformance: conformance(report.conclusion),
        conclusion: report.conclusion,
      }),
    ],
    documentSha256: report.documentSha256,
    registeredFields: report.fields,
  }),
  credentialStatus: [...status],
});


const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The flat fields of a credential payload (verified or not: the caller decides what to trust). */
export type { Attested };
export const attestedFields = (payload: Record<string, unknown>): Attested => {
  const s = obj(payload.credentialSubject);
  const body = obj(s.issuingBody);
  const assessment = obj(arr(s.conformityAssessment)[0]);
  const product = obj(obj(arr(assessment.assessedProduct)[0]).product);
  const standards = arr(assessment.referenceStandard).map((x) => str(obj(x).name)).filter((x): x is string => x !== undefined);
  const accreditations = arr(body.accreditations)
    .map((a) => ({ scheme: str(obj(a).scheme), number: str(obj(a).number) }))
    .filter((a): a is { scheme: string; number: string } => a.scheme !== undefined && a.number !== undefined);
  return defined({
    issuerId: str(body.issuerId),
    issuerName: str(body.name),
    accreditationNumbers: accreditations.length > 0 ? accreditations : undefined,
    reportNumber: str(s.reportNumber),
    documentType: str(s.documentType),
    productName: str(product.name),
    model: str(product.model),
    client: str(obj(s.issuedToParty).name),
    manufacturer: str(obj(product.manufacturer).name),
    standards: standards.length > 0 ? standards : undefined,
    conclusion: str(assessment.conclusion),
    issueDate: str(s.issueDate),
    validUntil: str(s.validUntil),
    documentSha256: str(s.documentSha256),
  });
};

/** The status entries of a credential payload that have the BitstringStatusListEntry shape. */
export const statusEntriesOf = (payload: Record<string, unknown>): StatusEntry[] =>
  arr(payload.credentialStatus).flatMap((e) => {
    const o = obj(e);
    const purpose = o.statusPurpose;
    if (o.type !== 'BitstringStatusListEntry' || (purpose !== 'revocation' && purpose !== 'suspension')) return [];
    const index = str(o.statusListIndex);
    const list = str(o.statusListCredential);
    if (index === undefined || !/^\d+$/.test(index) || list === undefined) return [];
    return [{ id: str(o.id) ?? `${list}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: index, statusListCredential: list }];
  });

/** The status list credential of one purpose. */
export const buildStatusListCredential = (deployment: Deployment, listUrl: string, purpose: StatusPurpose, encodedList: string, now: Date) => ({
  '@context': [CONTEXT_URLS[0]],
  id: listUrl,
  type: ['VerifiableCredential', 'BitstringStatusListCredential'],
  issuer: { id: deployment.did, name: deployment.name },
  validFrom: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  credentialSubject: { id: `${listUrl}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList },
});

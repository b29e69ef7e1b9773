import { z } from 'zod';
import { IsoDate, IssuerId, PageBox, PageQuery, Timestamp, VerificationId } from './common.ts';
import { AccreditationScheme } from './issuer.ts';
import { DocumentType } from './report.ts';

export const Verdict = z.enum(['AUTHENTIC', 'SUSPICIOUS', 'FRAUDULENT', 'UNVERIFIABLE']).meta({ id: 'Verdict' });
export const CheckStatus = z.enum(['PASS', 'FAIL', 'WARN', 'SKIPPED', 'ERROR']).meta({ id: 'CheckStatus' });
export const TextSource = z.enum(['pdf-text', 'paddle', 'tesseract', 'textract', 'fields', 'credential']).meta({ id: 'TextSource' });

export const FieldSource = z.object({
  page: z.number().int().min(0).describe('1-based page; 0 for typed-in fields'),
  line: z.number().int().min(0).optional().describe('1-based line on that page'),
  box: PageBox
    .optional()
    .describe('where the value is printed, in fractions of the page (0..1), so a console can draw it on the page image'),
});

export const AccreditationRef = z.object({ scheme: AccreditationScheme, number: z.string() });
export const QrPayload = z.object({ payload: z.string(), host: z.string().optional() });

/** The value type of every named field in `extracted.fields` (API.md, "Extracted field names"). */
export const FieldValues = {
  documentType: DocumentType,
  reportNumber: z.string(),
  issuerName: z.string(),
  accreditationNumbers: z.array(AccreditationRef),
  productName: z.string(),
  model: z.string(),
  client: z.string(),
  manufacturer: z.string(),
  standards: z.array(z.string()),
  conclusion: z.string().describe('PASS, FAIL or the printed text when it is neither'),
  issueDate: IsoDate,
  sampleReceivedDate: IsoDate,
  validUntil: IsoDate,
  certificateHolder: z.string(),
  certificationScope: z.string(),
  caratWeight: z.number(),
  gemIdentification: z.string(),
  qr: QrPayload,
} as const;

export type FieldName = keyof typeof FieldValues;
export const FIELD_NAMES = Object.keys(FieldValues) as FieldName[];

const Confidence = z.number().min(0).max(1);
type FieldShape = {
  [K in FieldName]: z.ZodOptional<z.ZodObject<{ value: (typeof FieldValues)[K]; confidence: typeof Confidence; source: typeof FieldSource }>>;
};
const fieldShape = Object.fromEntries(
  FIELD_NAMES.map((name) => [name, z.object({ value: FieldValues[name], confidence: Confidence, source: FieldSource }).optional()]),
) as FieldShape;

/** Every field of FieldValues as { value, confidence, source }: the names are listed once, above. */
export const ExtractedFields = z
  .object(fieldShape)
  .meta({ id: 'ExtractedFields', description: 'Each value is { value, confidence: 0..1, source: { page, line?, box? } }' });

export type ExtractedField<T = unknown> = { value: T; confidence: number; source: z.infer<typeof FieldSource> };
export type ExtractedFields = z.infer<typeof ExtractedFields>;

export const CheckResult = z
  .object({
    name: z.string(),
    status: CheckStatus,
    code: z.string().describe('Stable; never renamed once shipped'),
    message: z.string(),
    evidence: z.unknown().optional(),
  })
  .meta({ id: 'CheckResult' });

export const DocumentInfo = z
  .object({
    sha256: z.string(),
    contentType: z.string(),
    pages: z.number().int().min(0),
    sizeBytes: z.number().int().min(0),
  })
  .meta({ id: 'DocumentInfo' });

export const VerificationIdPath = z.object({ verificationId: VerificationId });

/** The latest review of a verification, as GET /verifications/{id} carries it (see review.ts). */
export const ReviewSummary = z
  .object({
    reviewId: z.string(),
    decision: z.enum(['GENUINE', 'FRAUDULENT', 'ESCALATED']),
    reasonCode: z.string(),
    note: z.string().optional(),
    reviewer: z.object({ keyId: z.string(), role: z.string() }),
    createdAt: Timestamp,
  })
  .meta({ id: 'ReviewSummary' });

export const Verification = z
  .object({
    verificationId: z.string(),
    verdict: Verdict,
    riskScore: z.number().int().min(0).max(100),
    summary: z.object({ en: z.string(), zh: z.string() }),
    checks: z.array(CheckResult),
    extracted: z.object({ fields: ExtractedFields, textSource: TextSource }),
    document: DocumentInfo.optional(),
    issuerId: IssuerId.optional(),
    reportNumber: z.string().optional(),
    sellerId: z.string().optional(),
    listingId: z.string().optional(),
    claimedProduct: z.string().optional(),
    presentedProduct: z.string().optional().describe('What this presentation was for: the claimed product, else the printed product name'),
    submittedBy: z.object({ keyId: z.string(), role: z.string(), platformId: z.string().optional() }).optional(),
    createdAt: Timestamp,
    finalVerdict: Verdict.optional().describe('Set by the latest review: GENUINE → AUTHENTIC, FRAUDULENT → FRAUDULENT'),
    review: ReviewSummary.optional().describe('The latest review; `verdict` itself never changes'),
  })
  .meta({ id: 'Verification' });

/**
 * An upload that is verified asynchronously: PENDING until the result is
 * stored; REJECTED when the file itself was refused (the problem says why).
 */
/** One presentation of a report number, as GET /reports/{reportNumber}/verifications lists it. */
export const Presentation = Verification.pick({
  verificationId: true,
  verdict: true,
  riskScore: true,
  issuerId: true,
  reportNumber: true,
  sellerId: true,
  listingId: true,
  claimedProduct: true,
  presentedProduct: true,
  submittedBy: true,
  createdAt: true,
}).meta({ id: 'Presentation' });

export const PendingVerification = z
  .object({
    verificationId: z.string(),
    status: z.enum(['PENDING', 'REJECTED']),
    createdAt: Timestamp,
    problem: z.object({ code: z.string(), detail: z.string() }).optional().describe('Why a REJECTED file was refused'),
  })
  .meta({ id: 'PendingVerification' });

/** What a platform says about a document it submits: the one submission shape (JSON, multipart fields, POST /uploads). */
export const Submission = z
  .object({
    sellerId: z.string().trim().min(1).max(128).optional(),
    listingId: z.string().trim().min(1).max(128).optional(),
    claimedProduct: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'Submission' });
export type Submission = z.infer<typeof Submission>;

export const VerifyDocumentRequest = z
  .object({
    document: z.object({
      contentBase64: z.string().min(1).describe('The file, base64-encoded'),
      filename: z.string().max(255).optional(),
      contentType: z.string().max(127).optional().describe('Ignored for detection: the type is sniffed from the bytes'),
    }),
    ...Submission.shape,
  })
  .meta({ id: 'VerifyDocumentRequest' });

export const TypedFields = z
  .object({
    reportNumber: z.string().trim().min(1).max(64),
    issuerName: z.string().trim().max(200).optional(),
    accreditationNumbers: z.array(z.union([z.string().trim().min(1).max(64), AccreditationRef])).max(20).optional(),
    documentType: DocumentType.optional(),
    productName: z.string().trim().max(500).optional(),
    model: z.string().trim().max(500).optional(),
    client: z.string().trim().max(500).optional(),
    manufacturer: z.string().trim().max(500).optional(),
    standards: z.array(z.string().trim().max(100)).max(100).optional(),
    conclusion: z.string().trim().max(500).optional(),
    issueDate: IsoDate.optional(),
    sampleReceivedDate: IsoDate.optional(),
    validUntil: IsoDate.optional(),
    certificateHolder: z.string().trim().max(500).optional(),
    certificationScope: z.string().trim().max(2000).optional(),
    caratWeight: z.number().positive().max(10000).optional(),
    gemIdentification: z.string().trim().max(500).optional(),
    qr: z.string().trim().max(2000).optional().describe('The QR payload, e.g. a URL'),
  })
  .meta({ id: 'TypedFields' });

export const VerifyFieldsRequest = z
  .object({ fields: TypedFields, ...Submission.shape })
  .meta({ id: 'VerifyFieldsRequest' });

export const VerifyCredentialRequest = z
  .union([
    Submission.extend({ credential: z.string().trim().min(20).max(20_000).describe('A VC-JOSE credential (vc+jwt compact JWS)') }),
    Submission.extend({ passportUrl: z.string().trim().url().max(2000).describe('A passport URL of this deployment: /r/{issuerId}/{reportNumber}?t=…') }),
  ])
  .meta({ id: 'VerifyCredentialRequest' });

export const VerificationListQuery = PageQuery.extend({
  verdict: Verdict.optional(),
  issuerId: IssuerId.optional(),
  reportNumber: z.string().trim().min(1).max(64).optional(),
  sellerId: z.string().trim().min(1).max(128).optional(),
  from: z.union([IsoDate, Timestamp]).optional(),
  to: z.union([IsoDate, Timestamp]).optional(),
});

/** POST /uploads: the submission, and the file's name for the record. */
export const UploadRequest = Submission.extend({ filename: z.string().max(255).optional() }).meta({ id: 'UploadRequest' });

export type Verdict = z.infer<typeof Verdict>;
export type CheckStatus = z.infer<typeof CheckStatus>;
export type TextSource = z.infer<typeof TextSource>;
export type CheckResult = z.infer<typeof CheckResult>;
export type DocumentInfo = z.infer<typeof DocumentInfo>;
export type Verification = z.infer<typeof Verification>;
export type Presentation = z.infer<typeof Presentation>;
export type PendingVerification = z.infer<typeof PendingVerification>;
export type TypedFields = z.infer<typeof TypedFields>;
export type VerificationListQuery = z.infer<typeof VerificationListQuery>;

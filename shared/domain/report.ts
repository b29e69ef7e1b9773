import { z } from 'zod';
import { IsoDate, IssuerId, ReportNumber, Timestamp } from './common.ts';

export const DocumentType = z
  .enum(['INSPECTION_REPORT', 'CERTIFICATE', 'GEM_REPORT', 'OTHER'])
  .meta({ id: 'DocumentType' });
export const ReportStatus = z.enum(['VALID', 'SUSPENDED', 'WITHDRAWN', 'REVOKED', 'SUPERSEDED']).meta({ id: 'ReportStatus' });
/** Statuses nothing may change away from (SUSPENDED is reversible, back to VALID). */
export const FINAL_STATUSES = ['WITHDRAWN', 'REVOKED', 'SUPERSEDED'] as const;

const Sha256Hex = z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, 'sha256 as 64 hex digits');
export { Sha256Hex };

/** Free-form printed fields beyond the named ones, e.g. `{ caratWeight: 1.02 }`. */
const FieldValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(500)).max(50)]);

export const RegisterReportInput = z
  .object({
    reportNumber: ReportNumber,
    documentType: DocumentType,
    productName: z.string().trim().min(1).max(500),
    model: z.string().trim().max(500).optional(),
    client: z.string().trim().max(500).optional(),
    manufacturer: z.string().trim().max(500).optional(),
    standards: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    conclusion: z.string().trim().max(500).optional(),
    issueDate: IsoDate,
    validUntil: IsoDate.optional(),
    documentSha256: Sha256Hex.optional(),
    fields: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), FieldValue).optional(),
  })
  .refine((r) => r.validUntil === undefined || r.validUntil >= r.issueDate, {
    path: ['validUntil'],
    message: 'validUntil is before issueDate',
  })
  .meta({ id: 'RegisterReportInput' });

/** Items are validated one by one (an invalid item is a 422 result, never a failed batch). */
export const RegisterReportsBatchInput = z
  .object({ reports: z.array(z.unknown()).min(1).max(500).describe('Up to 500 bodies of POST /issuers/{issuerId}/reports') })
  .meta({ id: 'RegisterReportsBatchInput' });

/** The digital passport of a report: the URL its QR code carries and the signed credential (API.md, Digital passport). */
export const Passport = z
  .object({
    url: z.string().describe('{publicBaseUrl}/r/{issuerId}/{reportNumber}?t={token}'),
    credential: z.string().describe('VC-JOSE compact JWS (typ vc+jwt) whose payload is the VCDM 2.0 credential'),
  })
  .meta({ id: 'Passport' });

export const RegisterReportsBatchResult = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        reportNumber: z.string().optional(),
        status: z.union([z.literal(201), z.literal(200), z.literal(409), z.literal(422)]),
        code: z.string().optional(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
        passport: Passport.optional(),
      }),
    ),
  })
  .meta({ id: 'RegisterReportsBatchResult' });

export const ReportStatusChangeInput = z
  .object({
    status: ReportStatus,
    reason: z.string().trim().min(1).max(1000),
  })
  .meta({ id: 'ReportStatusChangeInput' });

export const ReportHistoryEntry = z.object({
  status: ReportStatus,
  reason: z.string(),
  at: Timestamp,
  by: z.string().describe('The API key id that made the change'),
});

export const RegisteredReport = z
  .object({
    issuerId: IssuerId,
    ...RegisterReportInput.shape,
    status: ReportStatus,
    history: z.array(ReportHistoryEntry),
    contentHash: Sha256Hex.describe('sha256 of the registered content, for idempotent registration'),
    registeredAt: Timestamp,
    updatedAt: Timestamp,
    demo: z.boolean().optional(),
  })
  .meta({ id: 'RegisteredReport' });

export const PublicReportView = z
  .object({
    issuerId: IssuerId,
    reportNumber: z.string(),
    status: ReportStatus,
    productName: z.string(),
    issueDate: IsoDate,
  })
  .meta({ id: 'PublicReportView' });

export const PublicLookupQuery = z.object({
  issueDate: IsoDate.optional(),
  t: z.string().max(100).optional().describe('The passport token, from the passport URL'),
});

export const RegisteredReportWithPassport = RegisteredReport.extend({ passport: Passport }).meta({ id: 'RegisteredReportWithPassport' });
export type Passport = z.infer<typeof Passport>;

export type DocumentType = z.infer<typeof DocumentType>;
export type ReportStatus = z.infer<typeof ReportStatus>;
export type RegisterReportInput = z.infer<typeof RegisterReportInput>;
export type ReportStatusChangeInput = z.infer<typeof ReportStatusChangeInput>;
export type ReportHistoryEntry = z.infer<typeof ReportHistoryEntry>;
export type RegisteredReport = z.infer<typeof RegisteredReport>;
export type PublicReportView = z.infer<typeof PublicReportView>;

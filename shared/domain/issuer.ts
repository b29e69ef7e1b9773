import { z } from 'zod';
import { IsoDate, IssuerId, PageQuery, Timestamp } from './common.ts';
import { compileSafeRegex } from './safe-regex.ts';

export const AccreditationScheme = z.enum(['CNAS', 'CMA', 'CNCA', 'ILAC', 'IAF', 'OTHER']).meta({ id: 'AccreditationScheme' });
export const AccreditationStatus = z
  .enum(['ACTIVE', 'SUSPENDED', 'WITHDRAWN', 'EXPIRED'])
  .meta({ id: 'AccreditationStatus' });

export const AccreditationStatusChange = z.object({
  status: AccreditationStatus,
  from: IsoDate.describe('The day this status took effect'),
});

export const Accreditation = z
  .object({
    scheme: AccreditationScheme,
    number: z.string().trim().min(1).max(64),
    scope: z.array(z.string().trim().min(1).max(200)).max(500).optional()
      .describe('Product categories or standards the accreditation covers'),
    validFrom: IsoDate,
    validUntil: IsoDate.optional(),
    status: AccreditationStatus.describe('The status today'),
    statusHistory: z.array(AccreditationStatusChange).max(200).optional()
      .describe('Earlier statuses, so that the status on any past day can be known'),
  })
  .meta({ id: 'Accreditation' });

/** Run on RE2 (linear time): what it cannot run is refused with the reason. */
const RegexSource = z.string().min(1).max(300).superRefine((s, ctx) => {
  const compiled = compileSafeRegex(s);
  if (!compiled.ok) ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${compiled.reason}` });
});

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'a host name such as verify.example.cn');

export const IssuerInput = z
  .object({
    name: z.string().trim().min(2).max(200),
    nameAliases: z.array(z.string().trim().min(2).max(200)).max(50).optional(),
    country: z.string().trim().length(2).toUpperCase().optional().describe('ISO 3166-1 alpha-2'),
    accreditations: z.array(Accreditation).max(50),
    reportNumberPatterns: z.array(RegexSource).max(20).optional()
      .describe('Regular expressions that every report number of this issuer matches in full'),
    verificationDomains: z.array(Domain).max(20).optional()
      .describe('Official host names that the QR codes on genuine reports point to'),
    registersAllReports: z.boolean().optional()
      .describe('True: an unregistered number from this issuer is FRAUDULENT'),
  })
  .meta({ id: 'IssuerInput' });

export const Issuer = IssuerInput.extend({
  issuerId: IssuerId,
  demo: z.boolean().optional().describe('Fictional demo data seeded by the local runtime'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).meta({ id: 'Issuer' });

export const IssuerSearchQuery = PageQuery.extend({
  name: z.string().trim().min(1).max(200).optional(),
});

export type AccreditationScheme = z.infer<typeof AccreditationScheme>;
export type AccreditationStatus = z.infer<typeof AccreditationStatus>;
export type Accreditation = z.infer<typeof Accreditation>;
export type IssuerInput = z.infer<typeof IssuerInput>;
export type Issuer = z.infer<typeof Issuer>;

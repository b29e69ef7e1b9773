import { z } from 'zod';
import { IssuerId, Timestamp } from './common.ts';

export const Role = z.enum(['admin', 'platform', 'issuer', 'investigator']).meta({ id: 'Role' });

export const Principal = z
  .object({
    role: Role,
    keyId: z.string(),
    issuerId: IssuerId.optional(),
    platformId: z.string().optional(),
  })
  .meta({ id: 'Principal' });

const PlatformId = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

export const CreateApiKeyInput = z
  .object({
    role: Role,
    issuerId: IssuerId.optional(),
    platformId: PlatformId.optional(),
    label: z.string().trim().max(200).optional(),
  })
  .superRefine((k, ctx) => {
    if (k.role === 'issuer' && k.issuerId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['issuerId'], message: 'an issuer key needs an issuerId' });
    }
    if (k.role !== 'issuer' && k.issuerId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['issuerId'], message: 'only an issuer key has an issuerId' });
    }
  })
  .meta({ id: 'CreateApiKeyInput' });

export const ApiKey = z
  .object({
    keyId: z.string(),
    role: Role,
    issuerId: IssuerId.optional(),
    platformId: z.string().optional(),
    label: z.string().optional(),
    createdAt: Timestamp,
    demo: z.boolean().optional(),
  })
  .meta({ id: 'ApiKey', description: 'An API key as listed: never the key itself' });

export const CreatedApiKey = z
  .object({
    keyId: z.string(),
    apiKey: z.string().describe('Shown once. Only its sha256 is stored.'),
  })
  .meta({ id: 'CreatedApiKey' });

export type Role = z.infer<typeof Role>;
export type Principal = z.infer<typeof Principal>;
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;
export type ApiKey = z.infer<typeof ApiKey>;

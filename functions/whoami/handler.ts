import { route } from '#shared/http/route.ts';

/** GET /whoami: the principal of the key, so the console shows what the key's role may do. */
export const handler = route({ access: ['admin', 'platform', 'issuer', 'investigator'] }).handle(({ principal }) => ({
  body: {
    keyId: principal.keyId,
    role: principal.role,
    ...(principal.issuerId ? { issuerId: principal.issuerId } : {}),
    ...(principal.platformId ? { platformId: principal.platformId } : {}),
  },
}));

import type { Principal } from '#shared/domain/api-key.ts';

/**
 * Whose endpoints hear what. An owner is the platform of a platform key
 * (every key of that platform sees the same webhooks and verifications), or
 * the key itself; investigators and admins share one audience, STAFF, for
 * the events every one of them may receive.
 */
export const STAFF_AUDIENCE = 'STAFF';

export const ownerOf = (who: { keyId: string; platformId?: string | undefined }): string =>
  who.platformId ? `PLATFORM#${who.platformId}` : `KEY#${who.keyId}`;

export const audienceOf = (principal: Principal): string => (principal.role === 'platform' ? ownerOf(principal) : STAFF_AUDIENCE);

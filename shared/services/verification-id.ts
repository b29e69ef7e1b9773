import { randomBytes } from 'node:crypto';

/** Time-ordered, unguessable ids: v_, 9 base36 characters of milliseconds, then 12 random characters. */
export const newVerificationId = (now = new Date()): string =>
  `v_${now.getTime().toString(36).padStart(9, '0')}${randomBytes(10).toString('base64url').replace(/[-_]/g, '').toLowerCase().slice(0, 12).padEnd(12, '0')}`;

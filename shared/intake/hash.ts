import { createHash } from 'node:crypto';

/** Lower-case hex sha256 of the document bytes: the document's identity everywhere (registry, cache, fraud patterns). */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

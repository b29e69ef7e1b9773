import { gunzipSync, gzipSync } from 'node:zlib';
import { base64url } from 'jose';

/**
 * Bitstring Status List (W3C): one bit per credential, index 0 the most
 * significant bit of the first byte. `encodedList` is the multibase base64url
 * ('u' prefix, no padding) of the GZIP of the bitstring.
 */
export const StatusPurposes = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof StatusPurposes)[number];

/** Entries per list: 131,072 bits = 16 KB, the spec's minimum for herd privacy. */
export const STATUS_LIST_ENTRIES = 131_072;

export const emptyBitstring = (entries = STATUS_LIST_ENTRIES): Uint8Array => new Uint8Array(Math.ceil(entries / 8));

export const getBit = (bits: Uint8Array, index: number): boolean => {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new RangeError(`status index ${index} is outside a list of ${bits.length * 8} entries`);
  return (byte & (0x80 >> (index & 7))) !== 0;
};

/** A copy with bit `index` set to `value`. */
export const withBit = (bits: Uint8Array, index: number, value: boolean): Uint8Array => {
  getBit(bits, index);
  const out = new Uint8Array(bits);
  const mask = 0x80 >> (index & 7);
  out[index >> 3] = value ? (out[index >> 3] ?? 0) | mask : (out[index >> 3] ?? 0) & ~mask;
  return out;
};

export const encodeList = (bits: Uint8Array): string => `u${base64url.encode(gzipSync(bits))}`;

/** The bitstring of an encodedList; throws on a missing 'u' prefix or bad GZIP. */
export const decodeList = (encoded: string): Uint8Array => {
  if (!encoded.startsWith('u')) throw new Error('encodedList is not multibase base64url (no "u" prefix)');
  return new Uint8Array(gunzipSync(base64url.decode(encoded.slice(1))));
};

/** `revocation-1`, `suspension-3`: purpose and list number. */
export const listIdOf = (purpose: StatusPurpose, listNumber: number): string => `${purpose}-${listNumber}`;

export const parseListId = (listId: string): { purpose: StatusPurpose; listNumber: number } | undefined => {
  const m = /^(revocation|suspension)-([1-9]\d{0,5})$/.exec(listId);
  return m ? { purpose: m[1] as StatusPurpose, listNumber: Number(m[2]) } : undefined;
};

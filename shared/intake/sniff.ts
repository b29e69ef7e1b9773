import { DisguisedFileError, EmptyDocumentError, UnsupportedMediaTypeError } from '#shared/domain/errors.ts';

/** The document types we accept, by the bytes, never by the name. */
export const DocumentContentTypes = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
} as const;
export type DocumentContentType = (typeof DocumentContentTypes)[keyof typeof DocumentContentTypes];

/** What the uploader says the file is. Only used to tell "disguised" (415 DISGUISED_FILE) from "unsupported". */
export interface ClaimedType {
  filename?: string;
  contentType?: string;
}

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean =>
  bytes.byteLength >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

const ascii = (bytes: Uint8Array, start: number, end: number): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.byteLength) - start)).toString('latin1');

/** Acrobat accepts `%PDF-` anywhere in the first 1024 bytes; so do we. */
export const pdfHeaderOffset = (bytes: Uint8Array): number => ascii(bytes, 0, 1024).indexOf('%PDF-');

/** Sniffs a supported type from the magic bytes; undefined when it is none of them. */
export const sniffSupportedType = (bytes: Uint8Array): DocumentContentType | undefined => {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return DocumentContentTypes.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return DocumentContentTypes.jpeg;
  if (
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) ||
    startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])
  ) {
    return DocumentContentTypes.tiff;
  }
  if (pdfHeaderOffset(bytes) >= 0) return DocumentContentTypes.pdf;
  return undefined;
};

/** A name for the formats people disguise most, for the error message. */
export const describeOtherFormat = (bytes: Uint8Array): string => {
  if (startsWith(bytes, [0x4d, 0x5a])) return 'a Windows executable';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'an ELF executable';
  if (startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(bytes, [0xfe, 0xed, 0xfa, 0xce])) return 'a Mach-O executable';
  if (startsWith(bytes, [0x23, 0x21])) return 'a script';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document)';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'a gzip archive';
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21])) return 'a RAR archive';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return 'a 7-Zip archive';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'a GIF image';
  if (startsWith(bytes, [0x42, 0x4d])) return 'a BMP image';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && ascii(bytes, 8, 12) === 'WEBP') return 'a WebP image';
  if (ascii(bytes, 4, 12).startsWith('ftyp')) return 'an ISO media file (HEIC, MP4…)';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'a legacy Office document';
  const head = ascii(bytes, 0, 512);
  if (/^\s*</u.test(head)) return 'an HTML or XML document';
  if (/^[\t\n\r\x20-\x7e]*$/u.test(head)) return 'a text file';
  return 'an unrecognised format';
};

const EXTENSION_TYPES: Record<string, DocumentContentType> = {
  pdf: DocumentContentTypes.pdf,
  png: DocumentContentTypes.png,
  jpg: DocumentContentTypes.jpeg,
  jpeg: DocumentContentTypes.jpeg,
  jpe: DocumentContentTypes.jpeg,
  tif: DocumentContentTypes.tiff,
  tiff: DocumentContentTypes.tiff,
};

/** The supported type the uploader claims, from the declared content type or the file extension. */
export const claimedSupportedType = (claimed: ClaimedType | undefined): DocumentContentType | undefined => {
  const declared = claimed?.contentType?.split(';')[0]?.trim().toLowerCase();
  if (declared) {
    const match = Object.values(DocumentContentTypes).find((t) => t === declared || (t === 'image/jpeg' && declared === 'image/jpg'));
    if (match) return match;
  }
  const ext = claimed?.filename?.toLowerCase().match(/\.([a-z0-9]+)$/u)?.[1];
  return ext ? EXTENSION_TYPES[ext] : undefined;
};

const isExecutable = (bytes: Uint8Array): boolean => /executable|script/u.test(describeOtherFormat(bytes));

/**
 * The content type of a document, sniffed from its bytes.
 * - empty → EmptyDocumentError (422)
 * - something else named or declared as PDF/PNG/JPEG/TIFF, or any executable → DisguisedFileError (415)
 * - any other format → UnsupportedMediaTypeError (415)
 * A supported type under another supported name (a PDF named .png) is accepted as what the bytes say.
 */
export const sniffContentType = (bytes: Uint8Array, claimed?: ClaimedType): DocumentContentType => {
  if (bytes.byteLength === 0) throw new EmptyDocumentError('The document is empty (0 bytes).');
  const sniffed = sniffSupportedType(bytes);
  if (sniffed) return sniffed;
  const actual = describeOtherFormat(bytes);
  const claimedType = claimedSupportedType(claimed);
  if (claimedType || isExecutable(bytes)) {
    throw new DisguisedFileError(
      `The file ${claimedType ? `claims to be ${claimedType} but ` : ''}is ${actual}. Accepted: PDF, PNG, JPEG, TIFF.`,
    );
  }
  throw new UnsupportedMediaTypeError(`The file is ${actual}. Accepted: PDF, PNG, JPEG, TIFF.`);
};

import { TruncatedDocumentError } from '#shared/domain/errors.ts';
import { DocumentContentTypes, type DocumentContentType } from './sniff.ts';

const tail = (bytes: Uint8Array, n: number): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(Math.max(0, bytes.byteLength - n)).toString('latin1');

const truncated = (what: string, detail: string): TruncatedDocumentError =>
  new TruncatedDocumentError(`The ${what} is truncated: ${detail}. Upload the complete file.`);

/**
 * Cheap checks that the file is complete, before any decoder sees it:
 * a PDF ends with `%%EOF`, a PNG with its IEND chunk, a JPEG with its EOI marker,
 * and a TIFF's first IFD lies inside the file.
 */
export const assertComplete = (bytes: Uint8Array, type: DocumentContentType): void => {
  switch (type) {
    case DocumentContentTypes.pdf: {
      // The spec puts %%EOF in the last 1024 bytes; allow some trailing junk as readers do.
      if (!tail(bytes, 2048).includes('%%EOF')) throw truncated('PDF', 'it does not end with %%EOF');
      return;
    }
    case DocumentContentTypes.png: {
      if (bytes.byteLength < 8 + 25 + 12) throw truncated('PNG', 'it has no image header or data');
      if (!tail(bytes, 64).includes('IEND')) throw truncated('PNG', 'its IEND chunk is missing');
      return;
    }
    case DocumentContentTypes.jpeg: {
      const end = tail(bytes, 4096);
      if (!end.includes('\xff\xd9')) throw truncated('JPEG', 'its end-of-image marker is missing');
      return;
    }
    case DocumentContentTypes.tiff: {
      if (bytes.byteLength < 16) throw truncated('TIFF', 'it has no directory');
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const little = bytes[0] === 0x49;
      const bigTiff = view.getUint16(2, little) === 0x2b;
      const ifd = bigTiff ? Number(view.getBigUint64(8, little)) : view.getUint32(4, little);
      if (ifd < 8 || ifd >= bytes.byteLength) throw truncated('TIFF', 'its first image directory lies beyond the end');
      return;
    }
  }
};

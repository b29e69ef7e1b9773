import type { DocumentStore } from '#shared/store/document-store.ts';
import type { Reading } from './verify-document.ts';

/** Keeps the submitted file for the reviewers, under the verification's id, with the type sniffed from its bytes. */
export const keepDocument = (store: DocumentStore, verificationId: string, bytes: Uint8Array, reading: Pick<Reading, 'document'>) =>
  store.put(verificationId, { bytes, contentType: reading.document?.contentType ?? 'application/octet-stream' });

import type { Principal } from '#shared/domain/api-key.ts';
import { DocumentNotFoundError } from '#shared/domain/errors.ts';
import type { DocumentStore, StoredDocument } from '#shared/store/document-store.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { getVerification } from './verifications.ts';

export interface DocumentDeps {
  repos: Repositories;
  documents: DocumentStore;
}

/** GET /verifications/{id}/document: the original bytes, for whoever may read the verification. */
export const getDocument = async (deps: DocumentDeps, verificationId: string, principal: Principal): Promise<StoredDocument> => {
  await getVerification(deps.repos, verificationId, principal);
  const stored = await deps.documents.get(verificationId);
  if (!stored) throw new DocumentNotFoundError(`Verification ${verificationId} has no stored document (typed-in fields, a passport, or one verified before documents were kept).`);
  return stored;
};

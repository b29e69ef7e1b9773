import type { Principal } from '#shared/domain/api-key.ts';
import { ForbiddenError, VerificationNotFoundError } from '#shared/domain/errors.ts';
import type { PendingVerification, Verification, VerificationListQuery } from '#shared/domain/verification.ts';
import type { Repositories } from '#shared/store/repositories.ts';

/** The submitter (same key, or a key of the same platform), investigators and admins may read a verification. */
export const mayRead = (principal: Principal, submittedBy: Verification['submittedBy']): boolean =>
  principal.role === 'admin' ||
  principal.role === 'investigator' ||
  (submittedBy !== undefined &&
    (submittedBy.keyId === principal.keyId || (principal.platformId !== undefined && submittedBy.platformId === principal.platformId)));

export const getVerification = async (
  repos: Repositories,
  verificationId: string,
  principal: Principal,
): Promise<Verification | PendingVerification> => {
  const stored = await repos.verifications.get(verificationId);
  if (!stored) throw new VerificationNotFoundError(`No verification ${verificationId}.`);
  const submittedBy = 'submittedBy' in stored ? stored.submittedBy : undefined;
  if (!mayRead(principal, submittedBy)) throw new ForbiddenError('Only the submitter, investigators and admins may read a verification.');
  if ('status' in stored && (stored.status === 'PENDING' || stored.status === 'REJECTED')) {
    const { verificationId: id, status, createdAt, problem } = stored;
    return { verificationId: id, status, createdAt, ...(problem ? { problem } : {}) };
  }
  return stored as Verification;
};

export const searchVerifications = (repos: Repositories, query: VerificationListQuery) => repos.verifications.search(query);

/** Every presentation of a number: by whom, for which product, with which verdict. */
export const presentationsOf = async (repos: Repositories, reportNumber: string) => ({
  items: await repos.verifications.byReportNumber(reportNumber),
});

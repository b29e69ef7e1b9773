import type { Principal } from '#shared/domain/api-key.ts';
import type { CreateApiKeyInput } from '#shared/domain/api-key.ts';
import {
  IssuerNotFoundError,
  IssueDateRequiredError,
  ReportNotFoundError,
  ValidationFailedError,
} from '#shared/domain/errors.ts';
import type { FraudPattern, FraudPatternInput, FraudPatternKind } from '#shared/domain/fraud-pattern.ts';
import type { IssuerInput } from '#shared/domain/issuer.ts';
import type { PublicReportView, RegisterReportInput, RegisteredReport, ReportStatusChangeInput } from '#shared/domain/report.ts';
import type { Repositories } from '#shared/store/repositories.ts';
import { tokenMatches } from './passport.ts';

/**
 * The registry services: API keys, issuers, registered reports and fraud
 * patterns. Each takes the repositories it works on; the handlers pass the
 * process-wide ones.
 */

export const createApiKey = async (repos: Repositories, input: CreateApiKeyInput) => {
  if (input.issuerId !== undefined && !(await repos.issuers.get(input.issuerId))) {
    throw new ValidationFailedError('An issuer key needs an existing issuer.', [
      { path: 'body.issuerId', message: `no issuer ${input.issuerId}` },
    ]);
  }
  const { keyId, apiKey } = await repos.apiKeys.create(input);
  return { keyId, apiKey };
};

export const getIssuer = async (repos: Repositories, issuerId: string) => {
  const issuer = await repos.issuers.get(issuerId);
  if (!issuer) throw new IssuerNotFoundError(`No issuer ${issuerId}.`);
  return issuer;
};

export const putIssuer = (repos: Repositories, issuerId: string, input: IssuerInput) => repos.issuers.put(issuerId, input);

export const registerReport = async (repos: Repositories, issuerId: string, input: RegisterReportInput, principal: Principal) => {
  await getIssuer(repos, issuerId);
  return registerForKnownIssuer(repos, issuerId, input, principal);
};

/** One registration once the issuer is known to exist: what POST …/reports and each item of …/reports/batch do. */
export const registerForKnownIssuer = (repos: Repositories, issuerId: string, input: RegisterReportInput, principal: Principal) =>
  repos.reports.register(issuerId, input, principal.keyId);

export const changeReportStatus = (
  repos: Repositories,
  issuerId: string,
  reportNumber: string,
  change: ReportStatusChangeInput,
  principal: Principal,
) => repos.reports.changeStatus(issuerId, reportNumber, change, principal.keyId);

/**
 * The full record for the issuer itself, admins and investigators. Anyone
 * else gets the public view, and only with the issue date as a second factor
 * (like GIA's report number plus weight), so that numbers cannot be
 * harvested: a wrong date answers exactly like an unknown number.
 */
export const lookupReport = async (
  repos: Repositories,
  issuerId: string,
  reportNumber: string,
  principal: Principal | undefined,
  issueDate: string | undefined,
  token?: string,
  /** The caller's address: failed public lookups are limited per number and per client (LookupGuard). */
  client = 'unknown',
): Promise<RegisteredReport | PublicReportView> => {
  const notFound = () => new ReportNotFoundError(`No report ${reportNumber} from ${issuerId} with that issue date.`);
  if (principal) {
    const report = await repos.reports.get(issuerId, reportNumber);
    if (!report) throw new ReportNotFoundError(`Report ${reportNumber} is not registered by ${issuerId}.`);
    return report;
  }
  if (issueDate === undefined && token === undefined) {
    throw new IssueDateRequiredError('The public lookup needs ?issueDate=YYYY-MM-DD, the date printed on the report, or ?t=<passport token>.');
  }
  const caller = { issuerId, reportNumber, client };
  await repos.lookupGuard.assertAllowed(caller);
  const [report, passport] = await Promise.all([
    repos.reports.get(issuerId, reportNumber),
    token === undefined ? undefined : repos.passports.get(issuerId, reportNumber),
  ]);
  // Either factor must hold; a wrong one answers exactly as an unknown number.
  const factorHolds = token !== undefined ? passport !== undefined && tokenMatches(passport, token) : report?.issueDate === issueDate;
  if (!report || !factorHolds) {
    await repos.lookupGuard.recordFailure(caller);
    throw notFound();
  }
  return {
    issuerId: report.issuerId,
    reportNumber: report.reportNumber,
    status: report.status,
    productName: report.productName,
    issueDate: report.issueDate,
  };
};

export const createFraudPattern = (
  repos: Repositories,
  input: FraudPatternInput,
  principal: Principal,
  extra: { source?: FraudPattern['source'] } = {},
) => repos.fraudPatterns.create(input, principal.keyId, extra.source ? { source: extra.source } : {});

export const listFraudPatterns = (repos: Repositories, kind: FraudPatternKind | undefined) => repos.fraudPatterns.list(kind);

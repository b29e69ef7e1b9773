import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConcurrentUpdateError, ReportNotFoundError, StatusListNotFoundError } from '#shared/domain/errors.ts';
import type { Passport, RegisteredReport } from '#shared/domain/report.ts';
import { buildCredential, buildStatusListCredential, type Deployment, type StatusEntry } from '#shared/passport/credential.ts';
import { didDocument, didFromBaseUrl } from '#shared/passport/did.ts';
import { signCredential } from '#shared/passport/jws.ts';
import type { KeyStore } from '#shared/passport/signer.ts';
import { decodeList, emptyBitstring, encodeList, getBit, listIdOf, STATUS_LIST_ENTRIES, StatusPurposes, withBit, type StatusPurpose } from '#shared/passport/status-list.ts';
import type { StoredPassport, StoredStatusList } from '#shared/store/passport-repository.ts';
import type { Repositories } from '#shared/store/repositories.ts';

/**
 * The digital passport (issue 11): issuing a report's credential, keeping its
 * two status bits in step with the report's status, and serving the status
 * lists and the did document. Every function takes its dependencies.
 */
export interface PassportDeps {
  repos: Pick<Repositories, 'passports' | 'issuers'> & Partial<Pick<Repositories, 'reports'>>;
  keys: KeyStore;
  deployment: Deployment;
  /** Decoded status lists, shared by the verifications of one process (see StatusListCache). */
  lists?: StatusListCache;
  now?: () => Date;
}

/** What a composition root builds for the passport (Deps.passport). */
export interface PassportRuntime {
  keys: () => Promise<KeyStore>;
  lists: StatusListCache;
  /** Read, never written: PUBLIC_BASE_URL, PASSPORT_DID, DEPLOYMENT_NAME. */
  env: NodeJS.ProcessEnv;
}

/** The passport services' dependencies for a request that came in on `requestBaseUrl`. */
export const passportDepsOf = async (
  deps: { repos: PassportDeps['repos'] & Pick<Repositories, 'reports'>; passport: PassportRuntime },
  requestBaseUrl: string,
): Promise<PassportDeps & { repos: Pick<Repositories, 'reports'> }> => ({
  repos: deps.repos,
  keys: await deps.passport.keys(),
  deployment: deploymentFor(requestBaseUrl, deps.passport.env),
  lists: deps.passport.lists,
});

/** The deployment as the passport sees it: PUBLIC_BASE_URL, else the URL the request came in on. */
export const deploymentFor = (requestBaseUrl: string, env: NodeJS.ProcessEnv): Deployment => {
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? requestBaseUrl).replace(/\/+$/, '');
  return { publicBaseUrl, did: env.PASSPORT_DID ?? didFromBaseUrl(publicBaseUrl), name: env.DEPLOYMENT_NAME ?? 'certverify' };
};

/** The status bits a report status asks for. */
export const statusBits = (status: RegisteredReport['status']): Record<StatusPurpose, boolean> => ({
  revocation: status === 'REVOKED' || status === 'WITHDRAWN' || status === 'SUPERSEDED',
  suspension: status === 'SUSPENDED',
});

export const passportUrl = (deployment: Deployment, p: Pick<StoredPassport, 'issuerId' | 'reportNumber' | 'token'>): string =>
  `${deployment.publicBaseUrl}/r/${encodeURIComponent(p.issuerId)}/${encodeURIComponent(p.reportNumber)}?t=${p.token}`;

export const statusListUrl = (deployment: Deployment, listId: string): string => `${deployment.publicBaseUrl}/status-lists/${listId}`;

const view = (deps: PassportDeps, p: StoredPassport): Passport => ({ url: passportUrl(deps.deployment, p), credential: p.credential });

/** Lists are tried in order; a full list's condition fails and the next one is tried. */
const MAX_LISTS = 10_000;

const allocate = async (deps: PassportDeps): Promise<{ listNumber: number; statusIndex: number }> => {
  for (let listNumber = 1; listNumber <= MAX_LISTS; listNumber++) {
    const statusIndex = await deps.repos.passports.allocateIndex(listNumber, STATUS_LIST_ENTRIES);
    if (statusIndex !== undefined) return { listNumber, statusIndex };
  }
  throw new Error('every status list is full');
};

const signList = async (deps: PassportDeps, listId: string, purpose: StatusPurpose, bits: Uint8Array, version: number): Promise<StoredStatusList> => {
  const now = deps.now?.() ?? new Date();
  const encodedList = encodeList(bits);
  const credential = buildStatusListCredential(deps.deployment, statusListUrl(deps.deployment, listId), purpose, encodedList, now);
  const jwt = await signCredential(deps.keys.signer(deps.deployment.did), credential);
  return { listId, encodedList, jwt, version, updatedAt: now.toISOString() };
};

const ensureList = async (deps: PassportDeps, purpose: StatusPurpose, listNumber: number): Promise<void> => {
  const listId = listIdOf(purpose, listNumber);
  if (await deps.repos.passports.getList(listId)) return;
  try {
    await deps.repos.passports.putList(await signList(deps, listId, purpose, emptyBitstring(), 1));
  } catch (e) {
    if (!(e instanceof ConcurrentUpdateError)) throw e;
  }
};

/**
 * The passport of a registered report: the stored one, or a new one (at
 * registration, or on first request for a report registered earlier). A new
 * one gets a status index in each list (one atomic counter), a 256-bit token
 * and the credential of the record; a report that is no longer VALID gets its
 * status bits at once.
 */
export const issuePassport = async (deps: PassportDeps, report: RegisteredReport): Promise<Passport> => {
  const existing = await deps.repos.passports.get(report.issuerId, report.reportNumber);
  if (existing) return view(deps, existing);
  const issuer = await deps.repos.issuers.get(report.issuerId);
  const { listNumber, statusIndex } = await allocate(deps);
  await Promise.all(StatusPurposes.map((purpose) => ensureList(deps, purpose, listNumber)));
  const status: StatusEntry[] = StatusPurposes.map((purpose) => {
    const listUrl = statusListUrl(deps.deployment, listIdOf(purpose, listNumber));
    return { id: `${listUrl}#${statusIndex}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(statusIndex), statusListCredential: listUrl };
  });
  const credential = buildCredential(deps.deployment, report, issuer ?? { issuerId: report.issuerId, name: report.issuerId, accreditations: [] }, status);
  const stored = await deps.repos.passports.create({
    issuerId: report.issuerId,
    reportNumber: report.reportNumber,
    token: randomBytes(32).toString('base64url'),
    credential: await signCredential(deps.keys.signer(deps.deployment.did), credential),
    contentHash: report.contentHash,
    listNumber,
    statusIndex,
    issuedAt: (deps.now?.() ?? new Date()).toISOString(),
  });
  if (stored.statusIndex === statusIndex && report.status !== 'VALID') await applyStatus(deps, report);
  return view(deps, stored);
};

/**
 * Sets the report's two status bits to what its status asks for and re-signs
 * each list that changed (read, set, conditional write; retried when another
 * change won the race). A report without a passport has nothing to change: its
 * bits are set when the passport is issued.
 */
export const applyStatus = async (deps: PassportDeps, report: Pick<RegisteredReport, 'issuerId' | 'reportNumber' | 'status'>): Promise<void> => {
  const passport = await deps.repos.passports.get(report.issuerId, report.reportNumber);
  if (!passport) return;
  const wanted = statusBits(report.status);
  for (const purpose of StatusPurposes) {
    const listId = listIdOf(purpose, passport.listNumber);
    for (let attempt = 0; ; attempt++) {
      const list = await deps.repos.passports.getList(listId);
      const bits = list ? decodeList(list.encodedList) : emptyBitstring();
      if (getBit(bits, passport.statusIndex) === wanted[purpose]) break;
      try {
        await deps.repos.passports.putList(await signList(deps, listId, purpose, withBit(bits, passport.statusIndex, wanted[purpose]), (list?.version ?? 0) + 1));
        deps.lists?.forget(listId);
        break;
      } catch (e) {
        if (!(e instanceof ConcurrentUpdateError) || attempt >= 8) throw e;
      }
    }
  }
};

/** The passport for the issuer (GET …/passport): issued now if the report has none yet. */
export const passportOf = async (
  deps: PassportDeps & { repos: Pick<Repositories, 'reports'> },
  issuerId: string,
  reportNumber: string,
): Promise<Passport> => {
  const report = await deps.repos.reports.get(issuerId, reportNumber);
  if (!report) throw new ReportNotFoundError(`Report ${reportNumber} is not registered by ${issuerId}.`);
  return issuePassport(deps, report);
};

export const statusListCredential = async (deps: Pick<PassportDeps, 'repos'>, listId: string): Promise<StoredStatusList> => {
  const list = await deps.repos.passports.getList(listId);
  if (!list) throw new StatusListNotFoundError(`No status list ${listId}.`);
  return list;
};

export const didDocumentOf = async (deps: Pick<PassportDeps, 'keys' | 'deployment'>) => didDocument(deps.deployment.did, await deps.keys.publicKeys());

/** True when `given` is the passport's token; constant time. */
export const tokenMatches = (passport: Pick<StoredPassport, 'token'>, given: string | undefined): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(passport.token);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Decoded status lists of this deployment, kept for `ttlMs` (the same short
 * TTL the public list is served with) so that verifying a passport needs no
 * store read while its lists are cached. A status change made in this process
 * forgets the list at once.
 */
export class StatusListCache {
  private readonly entries = new Map<string, { bits: Uint8Array; until: number }>();
  constructor(private readonly ttlMs = 30_000) {}

  async get(listId: string, load: () => Promise<Uint8Array>, now = Date.now()): Promise<Uint8Array> {
    const hit = this.entries.get(listId);
    if (hit && hit.until > now) return hit.bits;
    const bits = await load();
    this.entries.set(listId, { bits, until: now + this.ttlMs });
    return bits;
  }

  forget(listId: string): void {
    this.entries.delete(listId);
  }
}

export const STATUS_LIST_MAX_AGE_SECONDS = 30;

/** Public page lookup: the report and its passport when `t` is its token; with `issueDate`, the report when the date matches. */
export const publicPassport = async (
  deps: PassportDeps & { repos: Pick<Repositories, 'reports'> },
  issuerId: string,
  reportNumber: string,
  factor: { t?: string; issueDate?: string },
): Promise<{ report: RegisteredReport; passport?: Passport }> => {
  const notFound = () => new ReportNotFoundError(`No report ${reportNumber} from ${issuerId} with that link.`);
  const [report, passport] = await Promise.all([deps.repos.reports.get(issuerId, reportNumber), deps.repos.passports.get(issuerId, reportNumber)]);
  if (!report) throw notFound();
  if (factor.t !== undefined) {
    if (!passport || !tokenMatches(passport, factor.t)) throw notFound();
    return { report, passport: view(deps, passport) };
  }
  if (factor.issueDate !== undefined && factor.issueDate === report.issueDate) return { report };
  throw notFound();
};

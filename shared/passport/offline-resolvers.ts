import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { keyIdOf } from './signer.ts';
import type { StatusPurpose } from './status-list.ts';
import { bitsFromStatusListJwt, type CredentialResolvers } from './verify.ts';

/**
 * Resolvers for a verifier outside the deployment (the CLI): the did document
 * and the status lists from files given, else from a cache directory, else
 * fetched from their URLs (and cached). With `offline` nothing is fetched.
 */
export interface OfflineSources {
  /** did.json documents given on the command line, by their `id`. */
  didDocuments?: ReadonlyArray<{ id: string; verificationMethod: Array<{ id: string; publicKeyJwk: JWK }> }>;
  /** Status list credentials (vc+jwt) given on the command line. */
  statusLists?: readonly string[];
  cacheDir?: string;
  offline?: boolean;
  /** How long a cached status list is used without asking its URL again. */
  statusListMaxAgeMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

type DidDoc = NonNullable<OfflineSources['didDocuments']>[number];

/** did:web:host%3Aport → https://host:port/.well-known/did.json (http for localhost and 127.0.0.1, for the local runtime). */
export const didWebUrl = (did: string): string => {
  const m = /^did:web:([^:#]+)(?::([^#]+))?$/.exec(did);
  if (!m?.[1]) throw new Error(`${did} is not a did:web`);
  const host = decodeURIComponent(m[1]);
  const scheme = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https';
  const path = m[2] ? `/${m[2].split(':').map(decodeURIComponent).join('/')}/did.json` : '/.well-known/did.json';
  return `${scheme}://${host}${path}`;
};

const cacheFile = (dir: string, url: string) => join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.cache`);

export const offlineResolvers = (sources: OfflineSources): CredentialResolvers & { fetched: string[] } => {
  const fetched: string[] = [];
  const doFetch = sources.fetch ?? fetch;
  const now = sources.now ?? Date.now;
  const cached = async (url: string, maxAgeMs: number | undefined): Promise<string | undefined> => {
    if (!sources.cacheDir) return undefined;
    const file = cacheFile(sources.cacheDir, url);
    try {
      if (maxAgeMs !== undefined && !sources.offline && now() - (await stat(file)).mtimeMs > maxAgeMs) return undefined;
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const remember = async (url: string, text: string) => {
    if (!sources.cacheDir) return;
    await mkdir(sources.cacheDir, { recursive: true });
    await writeFile(cacheFile(sources.cacheDir, url), text);
  };
  const fetchRemote = async (url: string, accept: string): Promise<string> => {
    fetched.push(url);
    const res = await doFetch(url, { headers: { accept }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    const text = await res.text();
    await remember(url, text);
    return text;
  };
  const get = async (url: string, accept: string, maxAgeMs?: number): Promise<string> => {
    const hit = await cached(url, maxAgeMs);
    if (hit !== undefined) return hit;
    if (!sources.offline) return fetchRemote(url, accept);
    throw new Error(`${url} is not in the cache and offline mode forbids fetching it`);
  };

  const didOf = async (did: string, refresh = false): Promise<DidDoc> => {
    const given = sources.didDocuments?.find((d) => d.id === did);
    if (given) return given;
    const url = didWebUrl(did);
    return JSON.parse(refresh ? await fetchRemote(url, 'application/did+json') : await get(url, 'application/did+json')) as DidDoc;
  };

  const publicKey: CredentialResolvers['publicKey'] = async (kid) => {
    const did = kid.slice(0, kid.indexOf('#'));
    const find = (doc: DidDoc) => doc.verificationMethod.find((m) => m.id === kid || m.id === `#${keyIdOf(kid)}`)?.publicKeyJwk;
    const first = find(await didOf(did));
    if (first) return first;
    // A key rotated in after the cached copy: ask once more (never for a document given, never offline).
    const fresh = sources.offline || sources.didDocuments?.some((d) => d.id === did) ? undefined : find(await didOf(did, true));
    return fresh ?? 'unknown';
  };

  return {
    fetched,
    publicKey,
    statusList: async (url: string, purpose: StatusPurpose) => {
      const given = sources.statusLists?.find((jwt) => listIdOfJwt(jwt) === url);
      if (given) return bitsFromStatusListJwt(given, publicKey, purpose);
      return bitsFromStatusListJwt(await get(url, 'application/vc+jwt', sources.statusListMaxAgeMs ?? 30_000), publicKey, purpose);
    },
  };
};

const listIdOfJwt = (jwt: string): string | undefined => {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { id?: unknown };
    return typeof payload.id === 'string' ? payload.id : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The API client of the console. The key lives only in sessionStorage and in
 * the Authorization header: never in a cookie, a URL or localStorage.
 */
const KEY = 'certverify.apiKey';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  set: (key: string): void => sessionStorage.setItem(KEY, key),
  clear: (): void => sessionStorage.removeItem(KEY),
};

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

const headers = (extra: Record<string, string> = {}): Record<string, string> => {
  const key = session.key();
  return { ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
};

const fail = async (res: Response): Promise<never> => {
  let problem: Problem = { status: res.status, code: `HTTP_${res.status}` };
  try {
    const body = (await res.json()) as Partial<Problem>;
    problem = { ...problem, ...body, status: res.status };
  } catch {
    // not a problem body
  }
  throw new ApiError(problem);
};

export const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) return fail(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
};

const primed = new Map<string, Promise<unknown>>();

/**
 * Starts a GET before the screen that needs it is rendered (at start-up, in
 * parallel with /whoami), so that screen's first paint waits for one round
 * trip, not two. `cachedGet` takes it, once; a failure surfaces there.
 */
export const prime = (path: string): void => {
  if (!session.key() || primed.has(path)) return;
  const p = api<unknown>('GET', path);
  p.catch(() => undefined);
  primed.set(path, p);
};

/** A GET, served by the request `prime` started for the same path if there is one. */
export const primedGet = <T>(path: string): Promise<T> => {
  const p = primed.get(path);
  primed.delete(path);
  return (p as Promise<T> | undefined) ?? api<T>('GET', path);
};

/** An authenticated binary (page image, QR SVG, document) as a blob: URL the page may show. */
export const blobUrl = async (path: string): Promise<string> => {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) return fail(res);
  return URL.createObjectURL(await res.blob());
};

/** A multipart POST with upload progress (fetch has none): resolves with the JSON body. */
export const postForm = <T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', detail: 'The request did not reach the API.' }));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError({ status: xhr.status, code: `HTTP_${xhr.status}`, ...(body as object) }));
    };
    xhr.send(form);
  });

/** Builds a query string from the set values only. */
export const query = (params: Record<string, string | number | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const enc = encodeURIComponent;

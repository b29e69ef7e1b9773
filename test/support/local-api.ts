import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer, type LocalServer } from '#local/server.ts';
import type { DemoKeys } from '#local/seed/seed.ts';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  type: string | null;
  headers: Headers;
  body: T;
  bytes: Buffer;
}

/** The local runtime on a free port with the demo registry in memory, and a fetch helper for its API. */
export interface LocalApi {
  server: LocalServer;
  keys: DemoKeys;
  dataDir: string;
  call: <T = Record<string, unknown>>(method: string, path: string, options?: { key?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Reply<T>>;
  verifyFile: (file: string, key: string, extra?: Record<string, string>) => Promise<Reply>;
  close: () => Promise<void>;
}

export const startLocalApi = async (): Promise<LocalApi> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'certverify-api-'));
  const server = await startLocalServer({ port: 0, dataDir, inMemory: true });
  const keys = JSON.parse(await readFile(join(dataDir, 'demo-keys.json'), 'utf8')) as DemoKeys;
  const call: LocalApi['call'] = async (method, path, options = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type');
    const body = /json/.test(type ?? '') && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : undefined;
    return { status: res.status, type, headers: res.headers, body, bytes };
  };
  const verifyFile: LocalApi['verifyFile'] = async (file, key, extra = {}) => {
    const form = new FormData();
    const bytes = await readFile(file);
    form.set('file', new Blob([bytes]), file.split('/').pop());
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    const res = await fetch(`${server.url}/verifications`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
    const out = Buffer.from(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body: JSON.parse(out.toString('utf8')), bytes: out };
  };
  return {
    server,
    keys,
    dataDir,
    call,
    verifyFile,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

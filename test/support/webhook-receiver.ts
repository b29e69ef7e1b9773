import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A webhook receiver on loopback that verifies every request with the
 * `standardwebhooks` library, as a platform would. Each path is one
 * endpoint with its own secret and its own answer (a status per attempt).
 */
export interface Receipt {
  path: string;
  id: string;
  verified: boolean;
  event: { type: string; timestamp: string; data: Record<string, unknown> } | undefined;
  status: number;
  at: number;
}

export interface Receiver {
  url: (path: string) => string;
  /** Registers the secret of an endpoint, and how it answers (by default 204). */
  endpoint(path: string, secret: string, answer?: (attempt: number, id: string) => number): void;
  receipts: Receipt[];
  waitFor(predicate: (r: Receipt[]) => boolean, timeoutMs?: number): Promise<Receipt[]>;
  close(): Promise<void>;
}

const headerMap = (h: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(Object.entries(h).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));

export const startReceiver = async (): Promise<Receiver> => {
  const endpoints = new Map<string, { hook: Webhook; answer: (attempt: number, id: string) => number }>();
  const attempts = new Map<string, number>();
  const receipts: Receipt[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const endpoint = endpoints.get(path);
      const id = String(req.headers['webhook-id'] ?? '');
      let verified: boolean;
      let event: Receipt['event'];
      try {
        event = endpoint?.hook.verify(body, headerMap(req.headers)) as Receipt['event'];
        verified = endpoint !== undefined;
      } catch {
        verified = false;
      }
      const attempt = (attempts.get(`${path}|${id}`) ?? 0) + 1;
      attempts.set(`${path}|${id}`, attempt);
      const status = endpoint ? endpoint.answer(attempt, id) : 404;
      receipts.push({ path, id, verified, event, status, at: Date.now() });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    endpoint: (path, secret, answer = () => 204) => endpoints.set(path, { hook: new Webhook(secret), answer }),
    receipts,
    waitFor: async (predicate, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receipts)) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${receipts.length} receipts)`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return receipts;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
};

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedTarget } from './ssrf-guard.ts';

/** Standard Webhooks: an attempt that takes longer than this has failed. */
export const DELIVERY_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export type AttemptOutcome = { status: number } | { error: string };

/** A DNS lookup that answers only the address the SSRF guard checked. */
const pinnedLookup = (target: CheckedTarget): LookupFunction =>
  ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;

/**
 * POSTs one signed body to a checked target, connecting to the checked
 * address (the Host header and TLS server name stay the URL's). Redirects
 * are not followed; the response body is read up to 64 KiB and dropped.
 */
export const postSigned = (
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<AttemptOutcome> =>
  new Promise((resolve) => {
    const { url } = target;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const signal = AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    let settled = false;
    const done = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = send(
      url,
      {
        method: 'POST',
        lookup: pinnedLookup(target),
        signal,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'certverify-webhooks/1',
          ...headers,
        },
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => done({ status: res.statusCode ?? 0 });
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    req.on('error', (e: Error) => done({ error: signal.aborted ? `timeout after ${options.timeoutMs ?? DELIVERY_TIMEOUT_MS} ms` : e.message }));
    req.end(body);
  });

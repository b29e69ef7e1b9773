import { describe, expect, it } from 'vitest';
import { checkTarget, refusalOf, TargetRefusedError, type Resolver } from '#shared/webhooks/ssrf-guard.ts';
import { postSigned } from '#shared/webhooks/transport.ts';
import { startReceiver } from '../../support/webhook-receiver.ts';

const aws = { allowLoopback: false } as const;
const local = { allowLoopback: true } as const;
const resolvesTo = (...addresses: string[]): Resolver => () => Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('webhooks: ssrf guard', () => {
  it.each([
    ['93.184.215.14', undefined],
    ['2606:4700::1111', undefined],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'private'],
    ['0.0.0.0', 'private'],
    ['224.0.0.1', 'private'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a00:1', 'IPv4-mapped'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
  ])('on AWS, %s is %s', (address, why) => {
    // Act
    const refusal = refusalOf(address, aws);
    // Assess
    if (why === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toContain(why);
  });

  it('allows loopback, and only loopback, locally', () => {
    // Act & Assess
    expect([refusalOf('127.0.0.1', local), refusalOf('::1', local), refusalOf('10.0.0.1', local) === undefined]).toStrictEqual([undefined, undefined, false]);
  });

  it('wants https on AWS, and refuses credentials in the url', async () => {
    // Act & Assess
    await expect(checkTarget('http://hooks.example.org/x', aws, resolvesTo('93.184.215.14'))).rejects.toMatchObject({ reason: 'SCHEME' });
    await expect(checkTarget('https://u:p@hooks.example.org/x', aws, resolvesTo('93.184.215.14'))).rejects.toMatchObject({ reason: 'URL' });
    await expect(checkTarget('not a url', aws)).rejects.toBeInstanceOf(TargetRefusedError);
  });

  it('refuses a name when any address it resolves to is private, and pins the checked address', async () => {
    // Act & Assess
    await expect(checkTarget('https://hooks.example.org/x', aws, resolvesTo('93.184.215.14', '10.0.0.7'))).rejects.toMatchObject({ reason: 'ADDRESS' });
    await expect(checkTarget('https://169.254.169.254/latest/meta-data', aws)).rejects.toMatchObject({ reason: 'ADDRESS' });
    await expect(checkTarget('https://nowhere.example.org/', aws, () => Promise.reject(new Error('ENOTFOUND')))).rejects.toMatchObject({ reason: 'DNS' });
    const target = await checkTarget('https://hooks.example.org/x', aws, resolvesTo('93.184.215.14'));
    expect([target.url.hostname, target.address, target.family]).toStrictEqual(['hooks.example.org', '93.184.215.14', 4]);
  });

  it('connects to the address that was checked, not to what the name resolves to now', async () => {
    // Prepare
    const receiver = await startReceiver();
    // Act & Assess
    try {
      receiver.endpoint('/pinned', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', () => 202);
      const port = new URL(receiver.url('/')).port;
      // The name does not resolve at all: only the pinned lookup can reach the receiver.
      const target = { url: new URL(`http://webhook-target.invalid:${port}/pinned`), address: '127.0.0.1', family: 4 as const };
      expect(await postSigned(target, '{}', {})).toStrictEqual({ status: 202 });
      expect(receiver.receipts.map((r) => r.path)).toStrictEqual(['/pinned']);
    } finally {
      await receiver.close();
    }
  });

  it('gives up on a target that does not answer within the timeout', async () => {
    // Prepare
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', () => ok()));
    const port = (silent.address() as { port: number }).port;
    // Act & Assess
    try {
      const started = Date.now();
      const outcome = await postSigned({ url: new URL(`http://127.0.0.1:${port}/`), address: '127.0.0.1', family: 4 }, '{}', {}, { timeoutMs: 150 });
      expect(outcome).toStrictEqual({ error: 'timeout after 150 ms' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });
});

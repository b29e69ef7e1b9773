import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard of webhook delivery: the target must be HTTPS (plain HTTP
 * only where loopback is allowed, i.e. locally), and every address its name
 * resolves to must be public. The caller then connects to the address that
 * was checked (transport.ts pins it), so a second DNS answer cannot swap in
 * a private one (DNS rebinding).
 */
export interface TargetPolicy {
  /** The local runtime delivers to loopback (127.0.0.0/8, ::1), over http too. */
  readonly allowLoopback: boolean;
}

export interface CheckedTarget {
  readonly url: URL;
  readonly address: string;
  readonly family: 4 | 6;
}

export class TargetRefusedError extends Error {
  constructor(
    message: string,
    readonly reason: 'SCHEME' | 'URL' | 'ADDRESS' | 'DNS',
  ) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

const refused = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, incl. the instance metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  refused.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['64:ff9b::', 96], // NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  refused.addSubnet(net, prefix, 'ipv6');
}
/** Kept apart: node's BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules. */
const ipv4Mapped = new BlockList();
ipv4Mapped.addSubnet('::ffff:0:0', 96, 'ipv6');
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const mappedV4 = (address: string): string | undefined => {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1];
};

/** Why an address may not be a webhook target, or undefined when it may. */
export const refusalOf = (address: string, policy: TargetPolicy): string | undefined => {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6 && ipv4Mapped.check(address, 'ipv6')) {
    const v4 = mappedV4(address);
    return (v4 ? refusalOf(v4, policy) : undefined) ?? `${address} is an IPv4-mapped address`;
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, type)) return policy.allowLoopback ? undefined : `${address} is a loopback address`;
  if (refused.check(address, type)) return `${address} is a private, link-local or reserved address`;
  return undefined;
};

/** The URL rules that need no DNS: checked at registration and again before each delivery. */
export const parseTargetUrl = (raw: string, policy: TargetPolicy): URL => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefusedError('The webhook url is not a URL.', 'URL');
  }
  const httpAllowed = policy.allowLoopback && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !httpAllowed) throw new TargetRefusedError('The webhook url must be https.', 'SCHEME');
  if (url.username || url.password) throw new TargetRefusedError('The webhook url must not carry credentials.', 'URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const why = refusalOf(host, policy);
    if (why) throw new TargetRefusedError(`The webhook url points at ${why}.`, 'ADDRESS');
  }
  return url;
};

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Resolves the target's name and checks every address it resolves to; the
 * first address is the one to connect to. Any refused address refuses the
 * target, so a name cannot mix a public and a private answer.
 */
export const checkTarget = async (raw: string, policy: TargetPolicy, resolve: Resolver = systemResolver): Promise<CheckedTarget> => {
  const url = parseTargetUrl(raw, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: Array<{ address: string; family: number }>;
  if (literal !== 0) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await resolve(host);
    } catch (e) {
      throw new TargetRefusedError(`${host} does not resolve: ${(e as Error).message}`, 'DNS');
    }
  }
  if (addresses.length === 0) throw new TargetRefusedError(`${host} does not resolve.`, 'DNS');
  for (const a of addresses) {
    const why = refusalOf(a.address, policy);
    if (why) throw new TargetRefusedError(`${host} resolves to ${why}.`, 'ADDRESS');
  }
  const [first] = addresses as [{ address: string; family: number }];
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
};

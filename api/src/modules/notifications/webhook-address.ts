import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may be sent. An admin types the address, but the request leaves from inside our
 * network, so an address that reaches our own hosts (loopback, private ranges, the cloud metadata
 * service at 169.254.169.254) would let whoever registers an endpoint probe them (SSRF). The check
 * runs at registration and again at every connection, on the address actually connected to, since a
 * name can resolve elsewhere tomorrow (DNS rebinding).
 */

/** Why an address is refused; the portal words the code (`err.WEBHOOK_…`). */
export type AddressRefusal = 'WEBHOOK_HTTPS_REQUIRED' | 'WEBHOOK_INTERNAL_ADDRESS' | 'WEBHOOK_HOST_UNRESOLVED';

/**
 * Tests and local development run their receiver on 127.0.0.1 over plain http: WEBHOOK_ALLOW_LOOPBACK=1
 * allows exactly that (loopback, http or https) and nothing else internal. Never set it in a deployment.
 */
export const loopbackAllowed = () => process.env.WEBHOOK_ALLOW_LOOPBACK === '1';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, with the metadata service 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['fc00::', 7], // unique local, with AWS's metadata fd00:ec2::254
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64: reaches IPv4 addresses through a gateway
  ['64:ff9b:1::', 48], // local-use NAT64
  ['::', 96], // IPv4-compatible (deprecated): an IPv4 address in disguise
  ['fec0::', 10], // site-local (deprecated, still routed on some networks)
  ['2002::', 16], // 6to4: wraps an IPv4 address, private ones included
  ['2001:db8::', 32], // documentation
] as const)
  internal.addSubnet(net, bits, 'ipv6');

/**
 * An IPv4 address written as IPv6 (::ffff:10.0.0.1, or ::ffff:a00:1 as URLs normalise it) is judged as
 * the IPv4 address it is.
 */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return { address: dotted[1]!, family: 'ipv4' };
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), family: 'ipv4' };
  }
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export const isLoopbackAddress = (address: string) => {
  const a = unmapped(address);
  return loopback.check(a.address, a.family);
};

/** Whether a request may connect to this address: public, or loopback where the setting allows it. */
export function addressAllowed(address: string): boolean {
  const a = unmapped(address);
  if (loopback.check(a.address, a.family)) return loopbackAllowed();
  if (a.family === 'ipv6' && /^::ffff:/i.test(a.address)) return false; // some other mapped form: refuse rather than guess
  return !internal.check(a.address, a.family);
}

/** The host of a URL without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

async function resolveAll(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );
}

/**
 * Judges an endpoint address: https (http only to loopback, where allowed), and every address its
 * host resolves to allowed. Answers the refusal with the address at fault, or null when it may be used.
 */
export async function refuseWebhookUrl(raw: string): Promise<{ code: AddressRefusal; address?: string } | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'WEBHOOK_HTTPS_REQUIRED' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { code: 'WEBHOOK_HTTPS_REQUIRED' };
  let addresses: string[];
  try {
    addresses = await resolveAll(hostOf(url));
  } catch {
    return { code: 'WEBHOOK_HOST_UNRESOLVED' };
  }
  if (addresses.length === 0) return { code: 'WEBHOOK_HOST_UNRESOLVED' };
  const refused = addresses.find((a) => !addressAllowed(a));
  if (refused) return { code: 'WEBHOOK_INTERNAL_ADDRESS', address: refused };
  if (url.protocol === 'http:' && !(loopbackAllowed() && addresses.every(isLoopbackAddress))) return { code: 'WEBHOOK_HTTPS_REQUIRED' };
  return null;
}

/** Raised by the connection's lookup when a name resolves to an address we may not connect to. */
export class AddressRefusedError extends Error {
  readonly code = 'ADDRESS_REFUSED';
  constructor(readonly address: string) {
    super(`refused to connect to an internal address`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves as usual and refuses the connection when any address is
 * not allowed: the check happens on the very addresses the socket connects to, so a name that
 * resolved to a public address at registration and to 10.0.0.1 now is refused now.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    const refused = list.find((a) => !addressAllowed(a.address));
    if (refused) return callback(new AddressRefusedError(refused.address) as unknown as NodeJS.ErrnoException, []);
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

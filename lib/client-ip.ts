/**
 * Who is on the other end of a request. The client never chooses its own address:
 * the server (server.ts) takes the TCP peer of each request and trusts
 * X-Forwarded-For only as far as it was written by proxies we configured
 * (TRUSTED_PROXIES), then hands the result to the app in one header of its own,
 * overwriting any copy a client sent.
 */
import { BlockList, isIP } from 'node:net';

/** Set by server.ts on every request; whatever a client sends under this name is replaced. */
export const clientIpHeader = 'x-wallet-client-ip';

/** "10.0.0.0/8, 127.0.0.1, ::1" → the proxies whose X-Forwarded-For entries we believe. */
export function parseTrustedProxies(list: string): BlockList {
  const trusted = new BlockList();
  for (const entry of list.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) trusted.addAddress(address!, type);
    else trusted.addSubnet(address!, Number(bits), type);
  }
  return trusted;
}

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) → "127.0.0.1"; anything not an address → null. */
export function canonicalIp(value: string | undefined): string | null {
  if (!value) return null;
  const address = value.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return isIP(address) ? address : null;
}

const isTrusted = (address: string, trusted: BlockList) => trusted.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy; then the
 * X-Forwarded-For entries are read from the right, skipping trusted proxies, and the
 * first address we cannot vouch for is the client. Entries left of it were written by
 * the client itself and are ignored, as is anything that is not an IP address.
 */
export function clientIp(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: BlockList): string {
  let client = canonicalIp(peer);
  if (!client) return 'unknown';
  const hops = [forwardedFor ?? []].flat().join(',').split(',').reverse();
  for (const hop of hops) {
    if (!isTrusted(client, trusted)) break;
    const address = canonicalIp(hop);
    if (!address) break;
    client = address;
  }
  return client;
}

import type express from 'express';
import ipaddr from 'ipaddr.js';

/** An address as a socket or a proxy reports one; ipaddr.js alone would also take "1" or "0x7f.1" as IPv4. */
function isAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

/**
 * A hop's address, or null: some load balancers (Azure's, among others) write the client's port too,
 * `198.51.100.4:5678` or `[2001:db8::1]:443`, and would otherwise leave every client on the proxy's budget.
 * Each pattern is anchored with bounded or disjoint parts, so it cannot backtrack.
 */
function addressOfHop(hop: string): string | null {
  const bracketed = /^\[([0-9a-fA-F:.]{2,45})\](?::(\d{1,5}))?$/.exec(hop);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(hop);
  const [address, port] = bracketed ? [bracketed[1]!, bracketed[2]] : withPort ? [withPort[1]!, withPort[2]] : [hop, undefined];
  if (port !== undefined && Number(port) > 65_535) return null;
  if (bracketed) return ipaddr.IPv6.isValid(address) ? address : null;
  return isAddress(address) ? address : null;
}

/**
 * The client's address, the one value rate limits and the sign-in lock-out count by. It walks
 * X-Forwarded-For from the nearest hop only through proxies COOPCARE_TRUST_PROXY trusts (Express's
 * compiled `trust proxy fn`, none by default) and stops at a value that is not an address, so a
 * forged or garbled header cannot choose the key: the client is then the last address that was sound.
 */
export function clientAddress(req: express.Request): string {
  const trusted = req.app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const forwarded = (req.headers['x-forwarded-for'] ?? '')
    .toString()
    .split(',')
    .map((hop) => hop.trim())
    .reverse();
  let client = req.socket.remoteAddress ?? '';
  for (let hop = 0; hop < forwarded.length && trusted(client, hop); hop++) {
    const address = addressOfHop(forwarded[hop]!);
    if (address === null) break;
    client = address;
  }
  return client;
}

/**
 * What limits count a client by: an IPv4 address as it is (an IPv4-mapped IPv6 one too); an IPv6
 * address by its /64, since one subscriber is handed a whole /64 and could otherwise rotate through it.
 */
export function clientAddressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

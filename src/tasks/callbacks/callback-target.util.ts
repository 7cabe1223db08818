import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './address-policy.util';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name (getaddrinfo, like the HTTP client itself would use). */
export type ResolveAll = (hostname: string) => Promise<ResolvedAddress[]>;

export type TargetCheck =
  | { kind: 'allowed'; url: URL; hostname: string; addresses: ResolvedAddress[] }
  /** Never allowed as configured: the URL is unusable or an address is not public. */
  | { kind: 'refused'; reason: string }
  /** DNS did not answer with an address; may work later. */
  | { kind: 'unresolved'; reason: string };

const DNS_TIMEOUT_MS = 5000;

export const resolveAll: ResolveAll = async (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })), DNS_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([dnsLookup(hostname, { all: true, verbatim: true }), timeout]);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Resolves a callback URL and judges every address it resolves to: one private address is
 * enough to refuse (a host name with a public and a private record is a classic SSRF trick).
 * The delivery connects only to the addresses returned here, so DNS cannot change between
 * the check and the connection (DNS rebinding).
 */
export async function checkCallbackTarget(raw: string, allowPrivate: boolean, resolve: ResolveAll = resolveAll): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'refused', reason: 'is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'refused', reason: 'must use http or https' };
  // WHATWG parsing already turned 2130706433 or 0x7f.1 into 127.0.0.1; IPv6 keeps its brackets.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) return { kind: 'refused', reason: 'has no host' };

  let addresses: ResolvedAddress[];
  if (isIP(hostname)) {
    addresses = [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(hostname);
    } catch (err) {
      return { kind: 'unresolved', reason: `host "${hostname}" could not be resolved (${(err as { code?: string }).code ?? (err as Error).message})` };
    }
    if (addresses.length === 0) return { kind: 'unresolved', reason: `host "${hostname}" has no address` };
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const cls = classifyAddress(address);
      if (cls !== 'public') {
        const via = address === hostname ? '' : ` (resolved from "${hostname}")`;
        return { kind: 'refused', reason: `points to ${address}${via}, a ${cls} address; callbacks may only reach public addresses` };
      }
    }
  }
  return { kind: 'allowed', url, hostname, addresses };
}

import ipaddr from 'ipaddr.js';

/**
 * Which addresses a callback may reach (server-side request forgery, issue #3 item 6).
 * Only `public` is allowed unless CALLBACK_ALLOW_PRIVATE is set. The tables are ours, not
 * ipaddr.js' `range()`, so that the policy is readable here and cannot change with an upgrade.
 */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade-nat'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

type Table<T extends ipaddr.IPv4 | ipaddr.IPv6> = [AddressClass, [T, number][]][];

const v4 = (...cidrs: string[]) => cidrs.map((c) => ipaddr.IPv4.parseCIDR(c));
const v6 = (...cidrs: string[]) => cidrs.map((c) => ipaddr.IPv6.parseCIDR(c));

/** First match wins (255.255.255.255 is also inside 240/4). */
const IPV4: Table<ipaddr.IPv4> = [
  ['unspecified', v4('0.0.0.0/8')],
  ['loopback', v4('127.0.0.0/8')],
  ['private', v4('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16')],
  ['carrier-grade-nat', v4('100.64.0.0/10')],
  // 169.254.169.254 is the metadata service of most clouds.
  ['link-local', v4('169.254.0.0/16')],
  ['multicast', v4('224.0.0.0/4')],
  ['broadcast', v4('255.255.255.255/32')],
  // IETF protocol assignments, documentation, 6to4 relay anycast, benchmarking, class E.
  ['reserved', v4('192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4')],
];

const IPV6: Table<ipaddr.IPv6> = [
  ['unspecified', v6('::/128')],
  ['loopback', v6('::1/128')],
  ['unique-local', v6('fc00::/7')],
  ['link-local', v6('fe80::/10')],
  // Deprecated site-local (RFC 3879) and local-use NAT64 (RFC 8215) still mean "inside".
  ['private', v6('fec0::/10', '64:ff9b:1::/48')],
  ['multicast', v6('ff00::/8')],
  // IPv4-compatible (deprecated), discard, documentation (old and RFC 9637), benchmarking, ORCHID.
  ['reserved', v6('::/96', '100::/64', '2001:db8::/32', '3fff::/20', '2001:2::/48', '2001:10::/28', '2001:20::/28')],
];

/**
 * IPv6 forms that carry an IPv4 address the packet ends up at: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 * They are judged by the IPv4 address inside, so ::ffff:127.0.0.1 is loopback.
 */
function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = a.parts;
  const tail = () => new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  if (a.isIPv4MappedAddress()) return a.toIPv4Address();
  if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0xffff && p[5] === 0) return tail();
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) return tail();
  if (p[0] === 0x2002) return new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]);
  return null;
}

function lookup<T extends ipaddr.IPv4 | ipaddr.IPv6>(table: Table<T>, addr: T): AddressClass {
  for (const [name, ranges] of table) if (ranges.some((r) => addr.match(r))) return name;
  return 'public';
}

/** Classifies one IP address (as DNS returns it; an IPv6 zone id is ignored). Throws on a non-address. */
export function classifyAddress(address: string): AddressClass {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return lookup(IPV4, parsed as ipaddr.IPv4);
  const a = parsed as ipaddr.IPv6;
  const inner = embeddedIPv4(a);
  return inner ? lookup(IPV4, inner) : lookup(IPV6, a);
}

/** True when a callback may connect to this address. */
export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  return allowPrivate || classifyAddress(address) === 'public';
}

import { checkCallbackTarget, type ResolveAll, type ResolvedAddress } from './callback-target.util';

const dns = (table: Record<string, ResolvedAddress[]>): ResolveAll => async (host) => {
  const found = table[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};

const resolver = dns({
  'hooks.example.com': [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }],
  'internal.example.com': [{ address: '10.0.0.5', family: 4 }],
  // One public and one private record: the private one must be enough to refuse.
  'mixed.example.com': [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }],
  'mapped.example.com': [{ address: '::ffff:169.254.169.254', family: 6 }],
  'empty.example.com': [],
});

describe('checkCallbackTarget', () => {
  it('allows a host whose every address is public, and returns them for the connection', async () => {
    const sut = await checkCallbackTarget('https://hooks.example.com/sentir?x=1', false, resolver);
    expect(sut).toMatchObject({ kind: 'allowed', hostname: 'hooks.example.com' });
    expect(sut.kind === 'allowed' && sut.addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
  });

  it.each([
    ['http://internal.example.com/hook', /10\.0\.0\.5 \(resolved from "internal\.example\.com"\), a private address/],
    ['http://mixed.example.com/hook', /127\.0\.0\.1.*loopback/],
    ['http://mapped.example.com/hook', /::ffff:169\.254\.169\.254.*link-local/],
    ['http://127.0.0.1:8080/hook', /^points to 127\.0\.0\.1, a loopback address/],
    ['http://[::1]:8080/hook', /::1, a loopback address/],
    ['http://[::ffff:7f00:1]/hook', /loopback/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://100.100.100.200/', /carrier-grade-nat/],
    ['http://0.0.0.0:3000/', /unspecified/],
    // WHATWG URL parsing normalises these spellings of 127.0.0.1 before we look at them.
    ['http://2130706433/', /127\.0\.0\.1.*loopback/],
    ['http://0x7f.1/', /127\.0\.0\.1.*loopback/],
  ])('refuses %s', async (url, reason) => {
    const sut = await checkCallbackTarget(url, false, resolver);
    expect(sut.kind).toBe('refused');
    expect(sut.kind === 'refused' && sut.reason).toMatch(reason);
  });

  it('allows private and loopback targets when configured to', async () => {
    expect((await checkCallbackTarget('http://127.0.0.1:8080/hook', true, resolver)).kind).toBe('allowed');
    expect((await checkCallbackTarget('http://internal.example.com/hook', true, resolver)).kind).toBe('allowed');
  });

  it('reports a host that does not resolve as unresolved, not refused', async () => {
    expect(await checkCallbackTarget('https://nope.example.com/', false, resolver)).toEqual({ kind: 'unresolved', reason: 'host "nope.example.com" could not be resolved (ENOTFOUND)' });
    expect((await checkCallbackTarget('https://empty.example.com/', false, resolver)).kind).toBe('unresolved');
  });

  it('refuses what is not an http(s) URL', async () => {
    expect((await checkCallbackTarget('ftp://hooks.example.com/', false, resolver)).kind).toBe('refused');
    expect((await checkCallbackTarget('not a url', false, resolver)).kind).toBe('refused');
  });
});

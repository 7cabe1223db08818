import { errors, exportJWK, generateKeyPair } from 'jose';
import type { FlattenedJWSInput, JWK } from 'jose';
import { IdentityProviderUnavailableError } from './auth.errors';
import { JwksCache } from './jwks-cache';

async function publicJwk(kid: string): Promise<JWK> {
  const { publicKey } = await generateKeyPair('RS256');
  return { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
}

describe('JwksCache', () => {
  const token = {} as FlattenedJWSInput;
  let keyA: JWK;
  let keyB: JWK;
  let published: JWK[];
  let now: number;
  let download: jest.Mock<Promise<unknown>, []>;
  let onStaleRefreshFailed: jest.Mock;
  let sut: JwksCache;

  beforeAll(async () => {
    [keyA, keyB] = await Promise.all([publicJwk('a'), publicJwk('b')]);
  });

  beforeEach(() => {
    published = [keyA];
    now = 1_000_000;
    download = jest.fn(async () => ({ keys: published }));
    onStaleRefreshFailed = jest.fn();
    sut = new JwksCache(download, { maxAgeMs: 600_000, cooldownMs: 30_000, onStaleRefreshFailed, now: () => now });
  });

  const keyFor = (kid: string) => sut.getKey({ alg: 'RS256', kid }, token);

  it('downloads once for concurrent first requests, then serves from memory', async () => {
    await Promise.all([keyFor('a'), keyFor('a'), keyFor('a')]);
    await keyFor('a');
    expect(download).toHaveBeenCalledTimes(1);
  });

  it('looks again for an unknown kid (a rotated-in key), at most once per cooldown', async () => {
    await keyFor('a');
    published = [keyA, keyB];
    now += 10_000;
    await expect(keyFor('b')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    await expect(keyFor('zzz')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(download).toHaveBeenCalledTimes(1);
    now += 20_000;
    await expect(keyFor('b')).resolves.toBeDefined();
    expect(download).toHaveBeenCalledTimes(2);
    // A burst of made-up kids right after costs no download.
    await Promise.all(['x', 'y', 'z'].map((kid) => expect(keyFor(kid)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey)));
    expect(download).toHaveBeenCalledTimes(2);
  });

  it('keeps verifying with a stale set while the provider is down, and says so', async () => {
    await keyFor('a');
    now += 700_000;
    download.mockRejectedValueOnce(new IdentityProviderUnavailableError('down'));
    await expect(keyFor('a')).resolves.toBeDefined();
    expect(onStaleRefreshFailed).toHaveBeenCalledTimes(1);
    // The failed attempt counts for the cooldown: no download on the next request.
    await keyFor('a');
    expect(download).toHaveBeenCalledTimes(2);
    now += 30_000;
    await keyFor('a');
    expect(download).toHaveBeenCalledTimes(3);
  });

  it('fails with IdentityProviderUnavailableError while it has never had keys, and retries on the next request', async () => {
    download.mockRejectedValueOnce(new IdentityProviderUnavailableError('connection refused'));
    await expect(keyFor('a')).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    await expect(keyFor('a')).resolves.toBeDefined();
    expect(download).toHaveBeenCalledTimes(2);
  });

  it('treats a document that is not a key set as the provider failing, not the token', async () => {
    download.mockResolvedValueOnce({ keys: 'nope' });
    await expect(keyFor('a')).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });

  it('an unknown kid while the provider is down cannot be decided: unavailable', async () => {
    await keyFor('a');
    now += 31_000;
    download.mockRejectedValueOnce(new IdentityProviderUnavailableError('down'));
    await expect(keyFor('b')).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });
});

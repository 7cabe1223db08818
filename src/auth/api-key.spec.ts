import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';

describe('api keys', () => {
  it('generates keys that match the documented shape and differ every time', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(looksLikeApiKey(a.key)).toBe(true);
    expect(a.key).not.toBe(b.key);
    expect(a.prefix).toBe(a.key.slice(0, 12));
  });

  it('stores only a hash that does not contain the key', () => {
    const sut = generateApiKey();
    expect(sut.hash).toBe(hashApiKey(sut.key));
    expect(sut.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sut.hash).not.toContain(sut.key.slice(13));
  });

  it('rejects near misses', () => {
    const { key } = generateApiKey();
    expect(looksLikeApiKey(key.slice(0, -1))).toBe(false);
    expect(looksLikeApiKey(key + 'x')).toBe(false);
    expect(looksLikeApiKey(key.replace('snt_', 'sk_'))).toBe(false);
  });
});

import { RateLimitedError } from '../common/errors/domain-error';
import { keyLimitScope, rateLimitTracker } from './principal';

const keyUser = { userId: 'u1', userName: 'a', keyId: 'k1', isAdmin: false };
const tokenUser = { userId: 'u1', userName: 'a', keyId: null, isAdmin: false };

describe('rateLimitTracker', () => {
  it('counts an API key by its id and an identity-provider user by its user id', () => {
    expect(rateLimitTracker(keyUser)).toBe('k1');
    expect(rateLimitTracker(tokenUser)).toBe('user:u1');
    expect(rateLimitTracker(undefined)).toBeUndefined();
  });
});

describe('keyLimitScope', () => {
  it('names what the per-key limit counted, so a token user is not told about an API key', () => {
    expect(keyLimitScope(keyUser)).toBe('key');
    expect(keyLimitScope(tokenUser)).toBe('user');
    expect(keyLimitScope(undefined)).toBe('ip');
    expect(new RateLimitedError(7, keyLimitScope(tokenUser), 10).message).toBe(
      'Rate limit of 10 requests per minute per user (identity-provider token) exceeded; retry in 7 s.',
    );
    expect(new RateLimitedError(7, keyLimitScope(keyUser), 10).extensions).toMatchObject({ scope: 'key', retryAfter: 7, limit: 10 });
  });
});

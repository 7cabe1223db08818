import { rateLimitTracker } from './principal';

describe('rateLimitTracker', () => {
  it('counts an API key by its id and an identity-provider user by its user id', () => {
    expect(rateLimitTracker({ userId: 'u1', userName: 'a', keyId: 'k1', isAdmin: false })).toBe('k1');
    expect(rateLimitTracker({ userId: 'u1', userName: 'a', keyId: null, isAdmin: false })).toBe('user:u1');
    expect(rateLimitTracker(undefined)).toBeUndefined();
  });
});

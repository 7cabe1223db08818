import { errors } from 'jose';
import { invalidTokenChallenge } from './auth.errors';
import { checkVerifiedClaims, describeTokenError, grantsAdmin, parseAdminClaimRule, readClaim } from './oidc-token';

describe('OIDC_ADMIN_CLAIM', () => {
  it('parses claim=value and a bare boolean claim; the value may contain =', () => {
    expect(parseAdminClaimRule('roles=sentir-admin')).toEqual({ claim: 'roles', value: 'sentir-admin' });
    expect(parseAdminClaimRule('sentir_admin')).toEqual({ claim: 'sentir_admin' });
    expect(parseAdminClaimRule('https://sentir.dev/roles=a=b')).toEqual({ claim: 'https://sentir.dev/roles', value: 'a=b' });
  });

  it('reads namespaced claims by their full name before trying a dotted path', () => {
    const payload = { 'https://example.com/roles': ['x'], realm_access: { roles: ['y'] }, a: { b: 1 }, 'a.b': 2 };
    expect(readClaim(payload, 'https://example.com/roles')).toEqual(['x']);
    expect(readClaim(payload, 'realm_access.roles')).toEqual(['y']);
    expect(readClaim(payload, 'a.b')).toBe(2);
    expect(readClaim(payload, 'realm_access.missing.deeper')).toBeUndefined();
    expect(readClaim({ a: ['b'] }, 'a.0')).toBeUndefined();
    expect(readClaim({}, 'constructor')).toBeUndefined();
  });

  it.each([
    ['an array listing the value', 'roles=sentir-admin', { roles: ['reader', 'sentir-admin'] }, true],
    ['an array without it', 'roles=sentir-admin', { roles: ['reader', 'sentir-admin-not'] }, false],
    ['an equal string', 'group=admins', { group: 'admins' }, true],
    ['a space-separated scope listing it', 'scope=sentir:admin', { scope: 'openid sentir:admin email' }, true],
    ['a prefix is not a match', 'scope=sentir:admin', { scope: 'sentir:administrator' }, false],
    ['a nested Keycloak role', 'realm_access.roles=admin', { realm_access: { roles: ['admin'] } }, true],
    ['a boolean claim that is true', 'sentir_admin', { sentir_admin: true }, true],
    ['a boolean claim given as a string', 'sentir_admin', { sentir_admin: 'true' }, false],
    ['a missing claim', 'roles=admin', {}, false],
    ['a number', 'level=1', { level: 1 }, false],
  ])('%s → %s', (_name, spec, payload, expected) => {
    expect(grantsAdmin(payload, parseAdminClaimRule(spec))).toBe(expected);
  });

  it('grants nothing without a rule', () => {
    expect(grantsAdmin({ roles: ['sentir-admin'] }, undefined)).toBe(false);
  });
});

describe('token refusals', () => {
  const expected = { issuer: 'https://idp.example', audience: 'sentir', algorithms: ['RS256', 'ES256'] };

  it.each([
    [new errors.JWTExpired('x', {}, 'exp', 'check_failed'), /expired/],
    [new errors.JWTClaimValidationFailed('x', {}, 'aud', 'check_failed'), /audience \(aud\) does not include sentir/],
    [new errors.JWTClaimValidationFailed('x', {}, 'iss', 'check_failed'), /not issued by https:\/\/idp\.example/],
    [new errors.JWTClaimValidationFailed('x', {}, 'nbf', 'check_failed'), /not valid yet/],
    [new errors.JWTClaimValidationFailed('x', {}, 'exp', 'missing'), /no "exp" claim/],
    [new errors.JWKSNoMatchingKey(), /unknown kid/],
    [new errors.JWSSignatureVerificationFailed(), /signature is not valid/],
    [new errors.JOSEAlgNotAllowed('x'), /algorithm is not accepted \(accepted: RS256, ES256\)/],
    [new errors.JWSInvalid('JWS Protected Header is invalid'), /malformed: JWS Protected Header is invalid/],
  ])('%s', (err, detail) => {
    expect(describeTokenError(err, expected)).toMatch(detail);
  });

  it('leaves errors that are not about the token to the caller', () => {
    expect(describeTokenError(new Error('ECONNRESET'), expected)).toBeUndefined();
    expect(describeTokenError(new errors.JWKSTimeout(), expected)).toBeUndefined();
  });

  it('checks sub and an iat in the future beyond the leeway', () => {
    expect(checkVerifiedClaims({ sub: 'a', iat: 1000 }, 1000, 30)).toBeUndefined();
    expect(checkVerifiedClaims({ sub: 'a', iat: 1030 }, 1000, 30)).toBeUndefined();
    expect(checkVerifiedClaims({ sub: 'a', iat: 1031 }, 1000, 30)).toMatch(/issued in the future/);
    expect(checkVerifiedClaims({ sub: '' }, 1000, 30)).toMatch(/"sub"/);
    expect(checkVerifiedClaims({ sub: 42 }, 1000, 30)).toMatch(/"sub"/);
    expect(checkVerifiedClaims({ sub: 'x'.repeat(256) }, 1000, 30)).toMatch(/"sub"/);
  });

  it('builds an RFC 6750 challenge whose description cannot break the header', () => {
    expect(invalidTokenChallenge('The token has no "exp" claim.')).toBe(`Bearer realm="sentir", error="invalid_token", error_description="The token has no 'exp' claim."`);
    expect(invalidTokenChallenge('a\\b\r\nc ñ')).toBe(`Bearer realm="sentir", error="invalid_token", error_description="a'bc "`);
  });
});

import { buildConfig } from './config';
import { EnvValidationError } from './env.validation';

describe('OIDC_* configuration', () => {
  const issuer = { OIDC_ISSUER: 'https://idp.example/realms/acme', OIDC_AUDIENCE: 'sentir-api' };

  function issues(env: Record<string, string>): string[] {
    try {
      buildConfig(env);
    } catch (err) {
      if (err instanceof EnvValidationError) return err.issues;
      throw err;
    }
    return [];
  }

  it('is off without OIDC_ISSUER, and has safe defaults with it', () => {
    expect(buildConfig({}).oidc).toBeUndefined();
    expect(buildConfig(issuer).oidc).toEqual({
      issuer: 'https://idp.example/realms/acme',
      audience: 'sentir-api',
      jwksUrl: undefined,
      adminClaim: undefined,
      clockToleranceSeconds: 30,
      algorithms: ['RS256', 'ES256'],
      jwksCooldownSeconds: 30,
    });
  });

  it('needs OIDC_AUDIENCE with OIDC_ISSUER, naming the variable', () => {
    expect(issues({ OIDC_ISSUER: issuer.OIDC_ISSUER })).toEqual([expect.stringMatching(/^OIDC_AUDIENCE: required when OIDC_ISSUER is set/)]);
  });

  it('refuses plain http except on the loopback', () => {
    expect(issues({ ...issuer, OIDC_ISSUER: 'http://idp.example' })).toEqual([expect.stringMatching(/^OIDC_ISSUER: an https URL/)]);
    expect(issues({ ...issuer, OIDC_JWKS_URL: 'http://idp.example/certs' })).toEqual([expect.stringMatching(/^OIDC_JWKS_URL: an https URL/)]);
    expect(issues({ ...issuer, OIDC_ISSUER: 'http://127.0.0.1:8080/realms/x' })).toEqual([]);
  });

  it.each(['HS256', 'none', 'RS256,HS512'])('refuses OIDC_ALGORITHMS=%s: a public JWKS must not verify symmetric or absent signatures', (algorithms) => {
    expect(issues({ ...issuer, OIDC_ALGORITHMS: algorithms })).toEqual([expect.stringMatching(/^OIDC_ALGORITHMS/)]);
  });

  it('takes a list of asymmetric algorithms and an admin claim', () => {
    const oidc = buildConfig({ ...issuer, OIDC_ALGORITHMS: 'ES256, PS256,EdDSA', OIDC_ADMIN_CLAIM: 'realm_access.roles=sentir-admin' }).oidc;
    expect(oidc?.algorithms).toEqual(['ES256', 'PS256', 'EdDSA']);
    expect(oidc?.adminClaim).toBe('realm_access.roles=sentir-admin');
    expect(issues({ ...issuer, OIDC_ADMIN_CLAIM: 'roles=' })).toEqual([expect.stringMatching(/^OIDC_ADMIN_CLAIM/)]);
  });
});

describe('configuration errors', () => {
  it('name each bad variable with what it got, in words an operator reads', () => {
    const err = (() => {
      try {
        buildConfig({ PORT: 'eighty', WORKERS: '-1' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(EnvValidationError);
    // The entry points print an error of this name without its stack (exitOnStartupFailure).
    expect((err as Error).name).toBe('EnvValidationError');
    expect((err as EnvValidationError).issues).toEqual(['PORT: must be a number (got "eighty")', expect.stringMatching(/^WORKERS: .*0 \(got "-1"\)$/)]);
  });
});

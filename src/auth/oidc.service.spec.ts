import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { JWTPayload, KeyLike } from 'jose';
import { DomainError, ServiceUnavailableError } from '../common/errors/domain-error';
import type { AppConfig, OidcConfig } from '../config/config';
import { InvalidTokenError } from './auth.errors';
import type { ExternalUsersRepository } from './external-users.repository';
import { OidcService } from './oidc.service';

const ISSUER = 'https://idp.example/realms/acme';

describe('OidcService', () => {
  let privateKey: KeyLike;
  let jwks: { keys: object[] };
  let discovery: Record<string, unknown>;
  let fetchMock: jest.SpyInstance;
  let findOrCreate: jest.Mock;
  const oidc: OidcConfig = { issuer: ISSUER, audience: 'sentir-api', adminClaim: 'roles=sentir-admin', clockToleranceSeconds: 30, algorithms: ['RS256', 'ES256'], jwksCooldownSeconds: 30 };

  beforeAll(async () => {
    // The provider-down cases log warnings on purpose.
    Logger.overrideLogger(false);
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  });

  beforeEach(() => {
    discovery = { issuer: ISSUER, jwks_uri: `${ISSUER}/protocol/openid-connect/certs` };
    fetchMock = jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url === `${ISSUER}/.well-known/openid-configuration`) return Response.json(discovery);
      if (url === discovery.jwks_uri) return Response.json(jwks);
      return new Response('not found', { status: 404 });
    });
    findOrCreate = jest.fn(async (_issuer: string, subject: string) => ({ id: `user-of-${subject}`, name: `${subject}@idp.example` }));
  });

  afterEach(() => fetchMock.mockRestore());

  function make(config: OidcConfig | null = oidc): OidcService {
    const configService = { get: () => config ?? undefined } as unknown as ConfigService<AppConfig, true>;
    return new OidcService(configService, { findOrCreate } as unknown as ExternalUsersRepository);
  }

  function sign(claims: JWTPayload = {}, opts: { exp?: number; iat?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub: 'alice', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('sentir-api')
      .setIssuedAt(opts.iat ?? now)
      .setExpirationTime(opts.exp ?? now + 300)
      .sign(privateKey);
  }

  async function refusal(sut: OidcService, token: string): Promise<DomainError> {
    const err = await sut.authenticate(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }

  it('maps a verified token to its user (created on first sight, then cached) with no API key', async () => {
    const sut = make();
    await expect(sut.authenticate(await sign())).resolves.toEqual({ userId: 'user-of-alice', userName: 'alice@idp.example', keyId: null, isAdmin: false });
    await sut.authenticate(await sign());
    expect(findOrCreate).toHaveBeenCalledTimes(1);
    expect(findOrCreate).toHaveBeenCalledWith(ISSUER, 'alice');
    // Discovery once, JWKS once.
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('grants admin from the configured claim', async () => {
    const principal = await make().authenticate(await sign({ roles: ['sentir-admin'] }));
    expect(principal.isAdmin).toBe(true);
  });

  it('uses OIDC_JWKS_URL as it is, without discovery', async () => {
    const sut = make({ ...oidc, jwksUrl: String(discovery.jwks_uri) });
    await sut.authenticate(await sign());
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('refuses an expired token with invalid_token and a precise description, but allows the leeway', async () => {
    const sut = make();
    const now = Math.floor(Date.now() / 1000);
    await expect(sut.authenticate(await sign({}, { exp: now - 10 }))).resolves.toBeDefined();
    const err = await refusal(sut, await sign({}, { exp: now - 60 }));
    expect(err).toBeInstanceOf(InvalidTokenError);
    expect(err.message).toBe('The token has expired.');
    expect(err.headers['WWW-Authenticate']).toBe('Bearer realm="sentir", error="invalid_token", error_description="The token has expired."');
  });

  it('refuses identity-provider tokens with a clear detail when OIDC is not configured', async () => {
    const err = await refusal(make(null), await sign());
    expect(err).toBeInstanceOf(InvalidTokenError);
    expect(err.message).toMatch(/OIDC_ISSUER is not set/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('answers 503 (service oidc) when the provider is unreachable, and recovers when it is back', async () => {
    const sut = make();
    fetchMock.mockRejectedValueOnce(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    const err = await refusal(sut, await sign());
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.extensions).toEqual({ service: 'oidc' });
    await expect(sut.authenticate(await sign())).resolves.toBeDefined();
  });

  it('does not trust a discovery document that names another issuer', async () => {
    discovery.issuer = 'https://evil.example';
    expect(await refusal(make(), await sign())).toBeInstanceOf(ServiceUnavailableError);
  });

  it('does not fetch keys over plain http from a discovery document (except on the loopback)', async () => {
    discovery.jwks_uri = 'http://idp.example/certs';
    expect(await refusal(make(), await sign())).toBeInstanceOf(ServiceUnavailableError);
  });

  it('refuses a token issued in the future beyond the leeway', async () => {
    const err = await refusal(make(), await sign({}, { iat: Math.floor(Date.now() / 1000) + 120 }));
    expect(err.message).toMatch(/issued in the future/);
  });
});

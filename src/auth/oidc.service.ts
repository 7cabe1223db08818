import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { jwtVerify } from 'jose';
import { ServiceUnavailableError } from '../common/errors/domain-error';
import type { AppConfig, OidcConfig } from '../config/config';
import { isHttpsOrLoopbackUrl } from '../config/env.validation';
import { IdentityProviderUnavailableError, InvalidTokenError } from './auth.errors';
import { ExternalUser, ExternalUsersRepository } from './external-users.repository';
import { JwksCache } from './jwks-cache';
import { AdminClaimRule, checkVerifiedClaims, describeTokenError, grantsAdmin, parseAdminClaimRule } from './oidc-token';
import type { Principal } from './principal';

/** Discovery document and JWKS requests; an identity provider slower than this counts as down. */
const HTTP_TIMEOUT_MS = 5000;
/** Providers rotate keys by publishing the new one well before using it, so this only bounds staleness. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
/** sub → user mapping; users are never renamed or deleted by the API, so this only bounds memory. */
const USER_CACHE_TTL_MS = 60_000;
const USER_CACHE_MAX = 10_000;

/**
 * Accepts OAuth2/OIDC bearer JWTs from OIDC_ISSUER (issue #5): signature against the issuer's
 * JWKS, `iss` exact, `aud` containing OIDC_AUDIENCE, `exp`/`nbf`/`iat` within the clock
 * tolerance. The token's `sub` (scoped by issuer) is the user, created on first sight.
 * Inactive (`enabled` false) when OIDC_ISSUER is unset; nothing is fetched until a token arrives.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private readonly config: OidcConfig | undefined;
  private readonly adminRule: AdminClaimRule | undefined;
  private readonly jwks: JwksCache;
  private discovery?: Promise<URL>;
  private readonly users = new Map<string, { user: ExternalUser; expires: number }>();

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly externalUsers: ExternalUsersRepository,
  ) {
    this.config = config.get('oidc', { infer: true });
    this.adminRule = this.config?.adminClaim ? parseAdminClaimRule(this.config.adminClaim) : undefined;
    this.jwks = new JwksCache(() => this.downloadJwks(), {
      maxAgeMs: JWKS_MAX_AGE_MS,
      cooldownMs: (this.config?.jwksCooldownSeconds ?? 30) * 1000,
      onStaleRefreshFailed: (err) => this.logger.warn({ err: (err as Error).message }, 'identity provider unreachable; verifying with the keys fetched before'),
    });
  }

  get enabled(): boolean {
    return this.config !== undefined;
  }

  /**
   * The principal for a verified token. Throws InvalidTokenError (401) for a token we refuse and
   * ServiceUnavailableError (503, `oidc`) when the provider's keys cannot be fetched: the token
   * may be valid, so the client should retry rather than sign in again.
   */
  async authenticate(token: string): Promise<Principal> {
    const c = this.config;
    if (!c) throw new InvalidTokenError('This server does not accept identity-provider tokens (OIDC_ISSUER is not set); use an API key.');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.jwks.getKey, {
        issuer: c.issuer,
        audience: c.audience,
        algorithms: c.algorithms,
        clockTolerance: c.clockToleranceSeconds,
        // A token without exp would be valid forever.
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      if (err instanceof IdentityProviderUnavailableError) throw new ServiceUnavailableError('oidc');
      const detail = describeTokenError(err, c);
      if (detail) throw new InvalidTokenError(detail);
      throw err;
    }
    const problem = checkVerifiedClaims(payload, Math.floor(Date.now() / 1000), c.clockToleranceSeconds);
    if (problem) throw new InvalidTokenError(problem);
    const user = await this.userFor(c.issuer, payload.sub as string);
    return { userId: user.id, userName: user.name, keyId: null, isAdmin: grantsAdmin(payload, this.adminRule) };
  }

  private async userFor(issuer: string, subject: string): Promise<ExternalUser> {
    const now = Date.now();
    const hit = this.users.get(subject);
    if (hit && hit.expires > now) return hit.user;
    const user = await this.externalUsers.findOrCreate(issuer, subject);
    if (this.users.size >= USER_CACHE_MAX) this.users.clear();
    this.users.set(subject, { user, expires: now + USER_CACHE_TTL_MS });
    return user;
  }

  private async downloadJwks(): Promise<unknown> {
    try {
      return await this.fetchJson(await this.jwksUrl(), 'the JWKS');
    } catch (err) {
      // Logged here, once per download (concurrent requests share one), with the cause.
      this.logger.warn({ err: (err as Error).message }, 'cannot fetch the identity provider signing keys');
      throw err;
    }
  }

  /** OIDC_JWKS_URL, else `jwks_uri` from the discovery document (kept once fetched; a failure is retried). */
  private jwksUrl(): Promise<URL> {
    const c = this.config!;
    if (c.jwksUrl) return Promise.resolve(new URL(c.jwksUrl));
    this.discovery ??= this.discover(c.issuer).catch((err: unknown) => {
      this.discovery = undefined;
      throw err;
    });
    return this.discovery;
  }

  private async discover(issuer: string): Promise<URL> {
    const url = new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    const doc = (await this.fetchJson(url, 'the discovery document')) as { issuer?: unknown; jwks_uri?: unknown } | null;
    // OpenID Connect Discovery §4.3: the document must name exactly the issuer it was fetched for.
    if (doc?.issuer !== issuer) throw new IdentityProviderUnavailableError(`the discovery document at ${url} names issuer ${JSON.stringify(doc?.issuer)}, not ${issuer}`);
    if (typeof doc.jwks_uri !== 'string' || !isHttpsOrLoopbackUrl(doc.jwks_uri)) {
      throw new IdentityProviderUnavailableError(`the discovery document at ${url} has no https jwks_uri (got ${JSON.stringify(doc.jwks_uri)})`);
    }
    return new URL(doc.jwks_uri);
  }

  private async fetchJson(url: URL, what: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      throw new IdentityProviderUnavailableError(`${what} at ${url} is unreachable: ${e.cause?.code ?? e.cause?.message ?? e.message}`, { cause: err });
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new IdentityProviderUnavailableError(`${what} at ${url} answered ${res.status}`);
    }
    try {
      return await res.json();
    } catch (err) {
      throw new IdentityProviderUnavailableError(`${what} at ${url} could not be read as JSON`, { cause: err });
    }
  }
}

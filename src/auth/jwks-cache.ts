import { createLocalJWKSet, errors } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { IdentityProviderUnavailableError } from './auth.errors';

export interface JwksCacheOptions {
  /** A key set older than this is downloaded again; while that fails, the old one keeps serving. */
  maxAgeMs: number;
  /** Least time between two downloads, so that tokens with made-up `kid`s cannot hammer the provider. */
  cooldownMs: number;
  /** Told when a refresh of a stale set failed and the stale set was used. */
  onStaleRefreshFailed?: (err: unknown) => void;
  now?: () => number;
}

/**
 * The identity provider's signing keys, for jose's jwtVerify. Downloads lazily, once at a time
 * (concurrent requests share one download), and again when the set is older than maxAgeMs or a
 * token names an unknown `kid` (key rotation), at most once per cooldownMs. We keep our own
 * instead of jose's createRemoteJWKSet to serve a stale set while the provider is down (tokens
 * signed with known keys keep working) and to tell "provider unreachable" (503) apart from
 * "bad token" (401): download failures are IdentityProviderUnavailableError, nothing else is.
 */
export class JwksCache {
  private current?: { resolve: JWTVerifyGetKey; fetchedAt: number };
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private inflight?: Promise<void>;
  private readonly now: () => number;

  constructor(
    /** Resolves to the parsed JWKS document; rejects with IdentityProviderUnavailableError. */
    private readonly download: () => Promise<unknown>,
    private readonly options: JwksCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (!this.current) {
      await this.refresh();
    } else if (this.now() - this.current.fetchedAt >= this.options.maxAgeMs && !this.coolingDown()) {
      await this.refresh().catch((err: unknown) => this.options.onStaleRefreshFailed?.(err));
    }
    try {
      return await this.current!.resolve(header, token);
    } catch (err) {
      // An unknown kid may be a key the provider has just added: look again, unless we just did.
      if (!(err instanceof errors.JWKSNoMatchingKey) || (this.coolingDown() && !this.inflight)) throw err;
      await this.refresh();
      return this.current!.resolve(header, token);
    }
  };

  private coolingDown(): boolean {
    return this.now() - this.lastAttemptAt < this.options.cooldownMs;
  }

  private refresh(): Promise<void> {
    // .finally runs after the assignment, even when load() fails at once.
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.now();
    const document = await this.download();
    let resolve: JWTVerifyGetKey;
    try {
      resolve = createLocalJWKSet(document as JSONWebKeySet);
    } catch (err) {
      throw new IdentityProviderUnavailableError(`the JWKS is not a JSON Web Key Set (${(err as Error).message})`, { cause: err });
    }
    this.current = { resolve, fetchedAt: this.now() };
  }
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling: resolved by ApiKeyAuthGuard from an API key or an identity provider's token. */
export interface Principal {
  userId: string;
  userName: string;
  /**
   * The API key used; null for an identity-provider token (OIDC). Tasks record it, and their
   * callbacks are signed with its webhook secret (with a null key: the user's, see WebhookSecretsService).
   */
  keyId: string | null;
  /** From users.is_admin for an API key; from OIDC_ADMIN_CLAIM for a token. */
  isAdmin: boolean;
}

export type AuthenticatedRequest = { principal?: Principal };

/** Whose requests the per-key limit counts together: the API key, or the user of an identity-provider token. */
export function rateLimitTracker(principal: Principal | undefined): string | undefined {
  if (!principal) return undefined;
  return principal.keyId ?? `user:${principal.userId}`;
}

/**
 * What the per-key limit counted, as the 429 problem's `scope` says: `key` for an API key,
 * `user` for an identity-provider token (counted per user), `ip` before anyone is known.
 */
export function keyLimitScope(principal: Principal | undefined): 'key' | 'user' | 'ip' {
  if (!principal) return 'ip';
  return principal.keyId ? 'key' : 'user';
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});

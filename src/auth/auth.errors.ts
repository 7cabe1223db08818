import { DomainError } from '../common/errors/domain-error';

/**
 * A bearer token that was presented and refused (RFC 6750 §3.1 `invalid_token`): the
 * challenge repeats the problem's detail so that OAuth client libraries can show it.
 */
export class InvalidTokenError extends DomainError {
  constructor(detail: string) {
    super('unauthorized', detail, {}, { 'WWW-Authenticate': invalidTokenChallenge(detail) });
  }
}

/** error_description allows printable ASCII except `"` and `\` (RFC 6750 §3). */
export function invalidTokenChallenge(description: string): string {
  const safe = description.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '');
  return `Bearer realm="sentir", error="invalid_token", error_description="${safe}"`;
}

/**
 * The identity provider's discovery document or JWKS could not be fetched or used. Internal to
 * auth: OidcService answers it with a 503 (service `oidc`), since the token may well be valid.
 */
export class IdentityProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityProviderUnavailableError';
  }
}

/**
 * Which verifier a bearer token goes to, decided from its shape alone so that the API-key
 * path stays a prefix check and a hash (no JWT parsing on the hot path).
 * - `api-key`: starts with `snt_` (see api-key.ts); checked against api_keys.
 * - `jwt`: three base64url segments (the last may be empty, as in an `alg: none` token, which
 *   the verifier then rejects with a precise reason instead of "unknown key").
 * - `unknown`: anything else; answered like an unknown API key.
 */
export type BearerTokenKind = 'api-key' | 'jwt' | 'unknown';

const JWT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function classifyBearerToken(token: string): BearerTokenKind {
  if (token.startsWith('snt_')) return 'api-key';
  if (JWT_RE.test(token)) return 'jwt';
  return 'unknown';
}

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i;

/** The credential of an `Authorization: Bearer <credential>` header; undefined for any other scheme or shape. */
export function bearerCredential(header: string): string | undefined {
  return BEARER_RE.exec(header)?.[1];
}

import { errors } from 'jose';

/**
 * Pure rules for identity-provider tokens (no Nest, no I/O): who is admin, and what to tell a
 * client whose token was refused. The verifier itself is OidcService.
 */

/** OIDC_ADMIN_CLAIM, parsed: `claim=value`, or `claim` alone for a boolean claim. */
export interface AdminClaimRule {
  claim: string;
  value?: string;
}

export function parseAdminClaimRule(spec: string): AdminClaimRule {
  const eq = spec.indexOf('=');
  return eq < 0 ? { claim: spec } : { claim: spec.slice(0, eq), value: spec.slice(eq + 1) };
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * A claim by its full name first, because namespaced claims contain dots
 * (`https://example.com/roles`); else by a dotted path (`realm_access.roles`, as Keycloak nests roles).
 */
export function readClaim(payload: Record<string, unknown>, claim: string): unknown {
  if (own(payload, claim)) return payload[claim];
  let node: unknown = payload;
  for (const part of claim.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !own(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * `claim=value` matches a claim equal to the value, an array listing it, or a space-separated
 * string listing it (`scope`, `scp`); `claim` alone matches only the boolean `true`.
 */
export function grantsAdmin(payload: Record<string, unknown>, rule: AdminClaimRule | undefined): boolean {
  if (!rule) return false;
  const found = readClaim(payload, rule.claim);
  if (rule.value === undefined) return found === true;
  if (Array.isArray(found)) return found.includes(rule.value);
  if (typeof found === 'string') return found === rule.value || found.split(' ').includes(rule.value);
  return false;
}

export interface ExpectedToken {
  issuer: string;
  audience: string;
  algorithms: string[];
}

/**
 * The 401 detail for a token jose refused, or undefined when the error is not about the
 * token (then it is the identity provider or a bug, not the client's fault).
 */
export function describeTokenError(err: unknown, expected: ExpectedToken): string | undefined {
  if (err instanceof errors.JWTExpired) return 'The token has expired.';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return `The token has no "${err.claim}" claim.`;
    switch (err.claim) {
      case 'iss':
        return `The token was not issued by ${expected.issuer}.`;
      case 'aud':
        return `The token's audience (aud) does not include ${expected.audience}.`;
      case 'nbf':
        return 'The token is not valid yet (nbf is in the future).';
      default:
        return `The token's "${err.claim}" claim is not valid.`;
    }
  }
  if (err instanceof errors.JWKSNoMatchingKey) return 'The token is signed with a key the identity provider does not publish (unknown kid).';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'The token names no key (kid) and the identity provider publishes several.';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (err instanceof errors.JOSEAlgNotAllowed) return `The token's signing algorithm is not accepted (accepted: ${expected.algorithms.join(', ')}).`;
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported) {
    return `The token is malformed: ${err.message}.`;
  }
  return undefined;
}

/** Checks jose leaves to us: a usable `sub`, and an `iat` that is not in the future (beyond the leeway). */
export function checkVerifiedClaims(payload: Record<string, unknown>, nowSeconds: number, toleranceSeconds: number): string | undefined {
  const { sub, iat } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) return 'The token has no usable "sub" claim (a string of 1 to 255 characters).';
  if (typeof iat === 'number' && iat > nowSeconds + toleranceSeconds) return 'The token was issued in the future (iat); check the clocks.';
  return undefined;
}

import { hash, randomBytes } from 'node:crypto';

/**
 * API keys look like `snt_<8 chars>_<43 chars>`: 256 bits of randomness, so a plain
 * SHA-256 is a sound storage hash (no need for a slow KDF, which would cost every request).
 */
const KEY_RE = /^snt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/;

export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedKey {
  const id = randomBytes(6).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const key = `snt_${id}_${secret}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

/** A key's webhook secret: 256 random bits as 64 hex digits, the HMAC key of its callbacks. */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString('hex');
}

export function hashApiKey(key: string): string {
  // One-shot hash: every authenticated request pays it, and it skips the Hash object.
  return hash('sha256', key, 'hex');
}

export function looksLikeApiKey(candidate: string): boolean {
  return KEY_RE.test(candidate);
}

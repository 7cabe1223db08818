import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a receiver verifies: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'Sentir-Signature';
/** What receivers should accept between our clock and theirs (README "Callbacks"). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * HMAC-SHA256 over `${t}.${rawBody}` with the API key's webhook secret (the secret string as
 * UTF-8 bytes, as shown by GET /api/v1/keys/current). The timestamp is signed too, so an old
 * delivery cannot be replayed later with a fresh `t` (Stripe's scheme, which receivers know).
 */
export function signCallback(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, rawBody: string): string {
  return `t=${timestamp},v1=${signCallback(secret, timestamp, rawBody)}`;
}

/**
 * The receiver's side, kept here so the README snippet and the e2e test have a reference:
 * true when some v1 signature matches and `t` is within the tolerance of `now`.
 */
export function verifyCallbackSignature(secret: string, header: string, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): boolean {
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signCallback(secret, t, rawBody), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !v || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, 'hex'), expected);
  });
}

import { DomainError } from '../errors/domain-error';

/** Printable ASCII, 1..255 chars: what the IETF Idempotency-Key draft and Stripe-style clients send. */
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!KEY_RE.test(value)) {
    throw new DomainError('invalid-header', 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters without spaces' }],
    });
  }
  return value;
}

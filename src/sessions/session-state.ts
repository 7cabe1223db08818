import { ValidationFailedError } from '../common/errors/domain-error';
import { isJsonObject } from './merge-patch';
import type { JsonObject } from './session.entity';
import { SessionTooLargeError } from './sessions.errors';

/** Deeper UI state is a bug; the bound also keeps the recursive merge patch far from the stack limit. */
export const MAX_STATE_DEPTH = 32;

/** Throws a 400 naming `field` unless `value` is a JSON object nested at most MAX_STATE_DEPTH levels. */
export function assertStateObject(value: unknown, field: string): asserts value is JsonObject {
  if (!isJsonObject(value)) throw new ValidationFailedError([{ field, message: 'must be a JSON object' }]);
  if (depthOf(value) > MAX_STATE_DEPTH) throw new ValidationFailedError([{ field, message: `must not be nested deeper than ${MAX_STATE_DEPTH} levels` }]);
}

/**
 * The state as stored (in PostgreSQL and Redis) and as the size limit measures it: its
 * compact JSON serialisation, in UTF-8 bytes. Over `maxBytes` → 413 session-too-large.
 */
export function serializeState(state: JsonObject, maxBytes: number): string {
  const json = JSON.stringify(state);
  const size = Buffer.byteLength(json, 'utf8');
  if (size > maxBytes) throw new SessionTooLargeError(maxBytes, size);
  return json;
}

/** Iterative, so a hostile 100,000-level body cannot overflow the stack here. */
function depthOf(root: object): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) max = depth;
    if (max > MAX_STATE_DEPTH) return max;
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return max;
}

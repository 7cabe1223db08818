import type { JsonObject, JsonValue } from './session.entity';

/**
 * JSON Merge Patch (RFC 7396): objects merge member by member, `null` deletes a member,
 * anything else (arrays included) replaces. Neither argument is modified; unchanged
 * subtrees are shared with `target`.
 *
 * Members are defined, never assigned, so that a `"__proto__"` key (which JSON.parse
 * makes an ordinary own member) stays data instead of replacing the prototype.
 */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const base: JsonObject = isJsonObject(target) ? target : {};
  const out: JsonObject = {};
  for (const key of Object.keys(base)) {
    if (!(Object.hasOwn(patch, key) && patch[key] === null)) define(out, key, base[key]);
  }
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) continue;
    define(out, key, applyMergePatch(Object.hasOwn(base, key) ? base[key] : undefined, value));
  }
  return out;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function define(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

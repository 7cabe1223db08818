import { DomainError } from '../errors/domain-error';

/**
 * Versioned resources send `ETag: W/"<version>"`. The tag is weak because it names a version,
 * not the bytes of one response.
 */
export function versionETag(version: number): string {
  return `W/"${version}"`;
}

/** What `If-Match` asks for: any current version (`*`), or one of these versions. */
export type IfMatch = { any: true } | { any: false; versions: number[] };

const ENTITY_TAG_RE = /^(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/**
 * Parses `If-Match` (RFC 9110 §13.1.1): `*` or a comma-separated list of entity tags.
 * Tags are compared by the version they carry, weak or not: RFC 9110 wants a strong
 * comparison, but our only tags are weak version tags, which a strong comparison never
 * matches. Well-formed tags that are not ours match nothing (so the request gets 412);
 * a malformed header is a 400. `undefined` when the header is absent.
 */
export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return { any: true };
  const versions: number[] = [];
  for (const raw of value.split(',')) {
    const m = ENTITY_TAG_RE.exec(raw.trim());
    if (!m) {
      throw new DomainError('invalid-header', 'If-Match must be * or a list of entity tags such as W/"3" (the ETag you read).', {
        errors: [{ field: 'If-Match', message: 'must be * or a list of entity tags such as W/"3"' }],
      });
    }
    if (/^[1-9]\d{0,8}$/.test(m[1])) versions.push(Number(m[1]));
  }
  return { any: false, versions };
}

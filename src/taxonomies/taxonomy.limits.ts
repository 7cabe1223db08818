import { API_V1 } from '../common/http/api-paths';

/** Taxonomies a user may keep; one more is 409 `taxonomy-limit-reached`. Old versions do not count. */
export const MAX_TAXONOMIES_PER_USER = 50;

/**
 * JSON body limit of the taxonomy routes only (every other route keeps BODY_LIMIT, 64kb by
 * default). The built-in ISP taxonomy is about 9 kB; a large user taxonomy with thousands of
 * keywords needs more than 64kb. `validateTaxonomy` bounds the content itself.
 */
export const TAXONOMY_BODY_LIMIT = '1mb';

/** The taxonomy routes' limit: TAXONOMY_BODY_LIMIT, or BODY_LIMIT when an operator set that higher. */
export function taxonomyBodyLimit(bodyLimit: string): string {
  return toBytes(bodyLimit) > toBytes(TAXONOMY_BODY_LIMIT) ? bodyLimit : TAXONOMY_BODY_LIMIT;
}

/** `64kb`, `1mb`, `100b` (the forms env.validation accepts for BODY_LIMIT), in bytes as body-parser counts them. */
function toBytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!m) return 0;
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[m[2].toLowerCase() as 'b' | 'kb' | 'mb'];
}

const TAXONOMY_ROUTE_RE = new RegExp(`^/${API_V1}/taxonomies(?:[/?]|$)`, 'i');

/** For the body parser, which runs before routing: does this request URL belong to the taxonomy routes? */
export function isTaxonomyRoute(url: string | undefined): boolean {
  return url !== undefined && TAXONOMY_ROUTE_RE.test(url);
}

/** The built-in taxonomy's id in the API (`GET /api/v1/taxonomies/default`, `taxonomyId: "default"`). */
export const DEFAULT_TAXONOMY_ID = 'default';

/**
 * The built-in taxonomy's version in the API, where versions are integers. Bump it whenever
 * `ISP_DEFAULT_TAXONOMY` changes (its own `version` string is pinned in the service spec).
 */
export const DEFAULT_TAXONOMY_VERSION = 1;

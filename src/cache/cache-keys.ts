import { createHash } from 'node:crypto';

/**
 * Cache keys of analysis results: pure functions, no Nest, no I/O.
 *
 * A key is `<engine>@<version>:<hash>`; the hash covers the exact text (offsets of sentences,
 * theme evidence and PII refer to it, so no normalisation), the language hint, and a
 * fingerprint of everything else the result depends on: the engine, every analyzer and
 * enrichment module with its version, the analyses asked for and the taxonomy. Any version
 * change gives new keys, so a stale result can never be served; old entries expire by TTL.
 */

/** Name and version of one analyzer (same shape as the engine's AnalyzerVersion). */
export interface VersionedPart {
  name: string;
  version: string;
}

/** The build of the analysis pipeline a worker runs. */
export interface EngineIdentity {
  name: string;
  version: string;
  /** Every registered analyzer and every enrichment module, with their versions (order does not matter). */
  analyzers: readonly VersionedPart[];
  /** Inputs without a version of their own, as content hashes (e.g. the built-in taxonomy). */
  extras?: Readonly<Record<string, string>>;
}

/** Identifies an engine build: workers that report the same fingerprint produce the same results. */
export function engineFingerprint(e: EngineIdentity): string {
  const analyzers = e.analyzers.map((a) => `${a.name}@${a.version}`).sort();
  const extras = Object.entries(e.extras ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(JSON.stringify(['engine', e.name, e.version, analyzers, extras]));
}

/** What a task asks for, on top of the engine: the analyses and (for themes) the taxonomy. */
export interface RequestShape {
  analyses: Iterable<string>;
  /** A taxonomy's identity and content hash (see taxonomyCacheId); absent = the engine's built-in one. */
  taxonomy?: string;
}

/** The fingerprint every key of one request shape shares (computed once per chunk, not per text). */
export function requestFingerprint(engineFp: string, shape: RequestShape): string {
  const analyses = [...new Set(shape.analyses)].sort();
  return sha256(JSON.stringify(['request', engineFp, analyses, shape.taxonomy ?? null]));
}

/** `id@version#<content hash>`: the id and version appear in results, the content decides them. */
export function taxonomyCacheId(t: { id: string; version: number | string; definition: unknown }): string {
  return `${t.id}@${t.version}#${sha256(JSON.stringify(t.definition)).slice(0, 22)}`;
}

/** Namespace of an engine's keys: lets an admin drop one engine's (or version's) entries by prefix. */
export function keyNamespace(engineName: string, engineVersion: string): string {
  return `${safe(engineName)}@${safe(engineVersion)}`;
}

/**
 * The key of one text. The text is hashed as UTF-16 code units, so two texts that differ only
 * in a lone surrogate (which UTF-8 would turn into the same U+FFFD) never share a key.
 */
export function entryKey(namespace: string, requestFp: string, text: string, language: string | undefined): string {
  const h = createHash('sha256');
  h.update(requestFp);
  h.update('\u0000');
  h.update(language ?? '');
  h.update('\u0000');
  h.update(Buffer.from(text, 'utf16le'));
  return `${namespace}:${h.digest('base64url')}`;
}

/** Redis keys of cached results: `<QUEUE_PREFIX>:cache:<namespace>:<hash>`. */
export function redisKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:cache:`;
}

/**
 * Workers' statistics (one hash field per worker) and the L1 flush channel. Kept outside the
 * `:cache:` prefix so that counting and deleting entries never touches them.
 */
export function statsKey(queuePrefix: string): string {
  return `${queuePrefix}:cache-stats`;
}

export function flushChannel(queuePrefix: string): string {
  return `${queuePrefix}:cache-flush`;
}

/** Sub-prefixes an admin may delete: the characters namespaces and hashes are made of. */
export const SUB_PREFIX_PATTERN = /^[A-Za-z0-9@._:+-]*$/;

/** A literal prefix for SCAN MATCH (glob metacharacters escaped). */
export function scanPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._+-]/g, '_');
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}

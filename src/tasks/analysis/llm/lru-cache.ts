import { createHash } from 'node:crypto';
import type { LlmCache, LlmLabel } from './llm.types';

/**
 * In-process, bounded LRU of model answers (a Map keeps insertion order: re-inserting on a
 * hit moves the entry to the end, the first entry is the least recently used). Per worker
 * process; a Redis-backed LlmCache can replace it.
 */
export class LruLlmCache implements LlmCache {
  private readonly map = new Map<string, LlmLabel>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.map.size;
  }

  async getMany(keys: readonly string[]): Promise<(LlmLabel | undefined)[]> {
    return keys.map((k) => {
      const v = this.map.get(k);
      if (v !== undefined) {
        this.map.delete(k);
        this.map.set(k, v);
      }
      return v;
    });
  }

  async setMany(entries: readonly (readonly [string, LlmLabel])[]): Promise<void> {
    if (this.maxEntries <= 0) return;
    for (const [k, v] of entries) {
      this.map.delete(k);
      this.map.set(k, v);
      if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
    }
  }
}

/**
 * Cache key: model, prompt version, the themes the model could choose from, and the text.
 * A new prompt or taxonomy never serves an answer given to an old one.
 */
export function cacheKey(model: string, promptVersion: string, taxonomyFingerprint: string, text: string): string {
  return createHash('sha256').update(`${model}\u0000${promptVersion}\u0000${taxonomyFingerprint}\u0000${text}`).digest('base64url');
}

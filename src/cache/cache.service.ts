import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type IORedis from 'ioredis';
import { once } from 'node:events';
import { ServiceUnavailableError } from '../common/errors/domain-error';
import { REDIS_CLIENT } from '../common/queue/queue.module';
import { checkEvictionPolicy } from '../common/redis/redis-connection';
import { AppConfig } from '../config/config';
import { CACHE_REDIS, STATS_STALE_MS, type WorkerCacheStats } from './analysis-cache';
import { flushChannel, redisKeyPrefix, scanPattern, statsKey } from './cache-keys';
import type { CacheStatusDto } from './dto/cache.dto';

/** SCAN calls (COUNT 1000 each) GET /admin/cache may spend counting Redis entries. */
const MAX_COUNT_SCANS = 200;

/**
 * The cache as the API sees it: the workers' published statistics, Redis entries under the
 * cache prefix, deletion by prefix, the engines live workers run (for reusing a batch's rows)
 * and the start-up check of Redis eviction policies. The L1 caches live in the workers.
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger(CacheService.name);
  private readonly prefix: string;
  private readonly l2Prefix: string;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(CACHE_REDIS) private readonly redis: IORedis | null,
    @Inject(REDIS_CLIENT) private readonly control: IORedis,
  ) {
    this.prefix = config.get('queue', { infer: true }).prefix;
    this.l2Prefix = redisKeyPrefix(this.prefix);
  }

  get enabled(): boolean {
    return this.config.get('cache', { infer: true }).enabled;
  }

  /** Statistics of the workers alive now; entries of dead workers are pruned. */
  async workerStats(): Promise<WorkerCacheStats[]> {
    const key = statsKey(this.prefix);
    const raw = await this.control.hgetall(key);
    const now = Date.now();
    const live: WorkerCacheStats[] = [];
    const stale: string[] = [];
    for (const [field, json] of Object.entries(raw)) {
      let s: WorkerCacheStats | undefined;
      try {
        s = JSON.parse(json) as WorkerCacheStats;
      } catch {
        s = undefined;
      }
      if (s && now - s.at <= STATS_STALE_MS) live.push(s);
      else stale.push(field);
    }
    if (stale.length) await this.control.hdel(key, ...stale).catch(() => undefined);
    return live;
  }

  /**
   * The result fingerprint every live worker reports, or null when there is no live worker or
   * they disagree (a rolling upgrade): stored rows may be reused only when they match it.
   */
  async currentEngine(): Promise<string | null> {
    if (!this.enabled) return null;
    try {
      const engines = new Set((await this.workerStats()).map((s) => s.engine));
      const [only] = [...engines];
      return engines.size === 1 && only ? only : null;
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'cannot read worker cache stats');
      return null;
    }
  }

  async status(): Promise<CacheStatusDto> {
    const c = this.config.get('cache', { infer: true });
    const workers = this.enabled ? await this.workerStats() : [];
    const sum = (f: (s: WorkerCacheStats) => number) => workers.reduce((n, s) => n + f(s), 0);
    const memoryHits = sum((s) => s.memoryHits);
    const memoryMisses = sum((s) => s.memoryMisses);
    const redisHits = sum((s) => s.redisHits);
    const redisMisses = sum((s) => s.redisMisses);
    const counted = this.enabled ? await this.countEntries() : { entries: 0, approximate: false };
    return {
      enabled: this.enabled,
      workers: workers.length,
      levels: {
        memory: {
          entries: sum((s) => s.entries),
          bytes: sum((s) => s.bytes),
          maxEntries: sum((s) => s.maxEntries),
          maxBytes: sum((s) => s.maxBytes),
          hits: memoryHits,
          misses: memoryMisses,
          hitRatio: ratio(memoryHits, memoryMisses),
        },
        redis: {
          available: counted !== null,
          entries: counted?.entries ?? null,
          entriesApproximate: counted?.approximate ?? false,
          ttlSeconds: c.ttlSeconds,
          hits: redisHits,
          misses: redisMisses,
          errors: sum((s) => s.redisErrors),
          hitRatio: ratio(redisHits, redisMisses),
        },
      },
      overall: { hits: memoryHits + redisHits, misses: redisMisses + sum((s) => s.redisErrors), hitRatio: ratio(memoryHits + redisHits, redisMisses + sum((s) => s.redisErrors)) },
    };
  }

  /**
   * Deletes Redis entries whose key continues the cache prefix with `subPrefix` (SCAN + UNLINK
   * in batches), then tells every worker to drop matching L1 entries. Returns the Redis count.
   */
  async clear(subPrefix: string): Promise<number> {
    let deleted = 0;
    if (this.enabled && this.redis) {
      const redis = await this.ready(this.redis);
      if (!redis) throw new ServiceUnavailableError('redis');
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', scanPattern(this.l2Prefix + subPrefix), 'COUNT', 1000);
        cursor = next;
        if (keys.length) deleted += await redis.unlink(...keys);
      } while (cursor !== '0');
    }
    await this.control.publish(flushChannel(this.prefix), subPrefix);
    this.logger.log({ prefix: subPrefix, deleted }, 'analysis cache entries deleted');
    return deleted;
  }

  /**
   * Start-up warnings about Redis eviction: the queue's Redis must never evict (BullMQ would
   * lose jobs); a dedicated cache Redis should (allkeys-lru), or it stops caching when full.
   */
  async evictionWarnings(): Promise<string[]> {
    const c = this.config.get('cache', { infer: true });
    const shared = sameServer(this.config.get('redis', { infer: true }).url, c.redisUrl);
    const warnings: string[] = [];
    const control = await this.ready(this.control);
    const queue = control ? await checkEvictionPolicy(control) : undefined;
    if (queue) {
      warnings.push(
        c.enabled && shared
          ? `${queue} The analysis cache shares this Redis (CACHE_REDIS_URL unset or the same server), so the policy must stay noeviction; cache entries expire by their TTL (CACHE_TTL_SECONDS) instead. To have cache entries evicted by LRU, give the cache its own Redis with CACHE_REDIS_URL and allkeys-lru there.`
          : queue,
      );
    }
    if (c.enabled && !shared && this.redis) {
      const cache = await this.ready(this.redis);
      const policy = cache ? await readPolicy(cache) : undefined;
      if (policy === 'noeviction') {
        warnings.push('The cache Redis (CACHE_REDIS_URL) has maxmemory-policy noeviction: once it is full, results are no longer cached (analysis goes on). Use allkeys-lru on a Redis dedicated to the cache.');
      }
    }
    return warnings;
  }

  /** Counts entries with a bounded SCAN; null when the cache Redis cannot be reached. */
  private async countEntries(): Promise<{ entries: number; approximate: boolean } | null> {
    const redis = this.redis ? await this.ready(this.redis) : null;
    if (!redis) return null;
    try {
      let cursor = '0';
      let entries = 0;
      let scans = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', scanPattern(this.l2Prefix), 'COUNT', 1000);
        cursor = next;
        entries += keys.length;
      } while (cursor !== '0' && ++scans < MAX_COUNT_SCANS);
      return { entries, approximate: cursor !== '0' };
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'cannot count cache entries');
      return null;
    }
  }

  /** The client once connected (fail-fast clients refuse commands while connecting), else null. */
  private async ready(client: IORedis, timeoutMs = 1500): Promise<IORedis | null> {
    if (client.status === 'ready') return client;
    if (client.status === 'end') return null;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      await once(client, 'ready', { signal: ac.signal });
      return client;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

function ratio(hits: number, misses: number): number | null {
  return hits + misses > 0 ? Math.round((hits / (hits + misses)) * 10_000) / 10_000 : null;
}

async function readPolicy(client: IORedis): Promise<string | undefined> {
  try {
    return ((await client.config('GET', 'maxmemory-policy')) as string[])?.[1];
  } catch {
    return undefined; // CONFIG may be disabled on managed Redis
  }
}

/** One eviction policy per server: another database number on the same server shares it. */
export function sameServer(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const host = (u: URL) => (u.hostname === 'localhost' || u.hostname === '[::1]' ? '127.0.0.1' : u.hostname);
    return host(x) === host(y) && (x.port || '6379') === (y.port || '6379');
  } catch {
    return a === b;
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type IORedis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { hostname } from 'node:os';
import { PROCESS_ROLE, REDIS_CLIENT, type ProcessRole } from '../common/queue/queue.module';
import { createRedis } from '../common/redis/redis-connection';
import { AppConfig } from '../config/config';
import { MetricsService } from '../monitoring/metrics.service';
import { flushChannel, redisKeyPrefix, statsKey } from './cache-keys';

/** The cache's own Redis connection (CACHE_REDIS_URL); null when CACHE_ENABLED=false. */
export const CACHE_REDIS = Symbol('CACHE_REDIS');

/** How often a worker publishes its statistics (and engine fingerprint) for the API. */
export const STATS_INTERVAL_MS = 2000;
/** A worker whose statistics are older than this is gone (killed, partitioned). */
export const STATS_STALE_MS = 15_000;
/** After a Redis error the cache skips Redis for this long instead of paying a timeout per chunk. */
const L2_PAUSE_MS = 5000;
/** Bookkeeping per L1 entry (lru-cache's slots, the key's string header) on top of key and value. */
const ENTRY_OVERHEAD_BYTES = 64;

/** A worker's view of its cache, published to `<QUEUE_PREFIX>:cache-stats` (one hash field per worker). */
export interface WorkerCacheStats {
  worker: string;
  entries: number;
  bytes: number;
  maxEntries: number;
  maxBytes: number;
  memoryHits: number;
  memoryMisses: number;
  redisHits: number;
  redisMisses: number;
  /** Look-ups that could not ask Redis (unreachable, timed out, paused after an error). */
  redisErrors: number;
  /** Fingerprint of the results this worker produces (see CachedAnalysisService). */
  engine: string | null;
  /** Epoch ms of the snapshot. */
  at: number;
}

export interface CacheLookup {
  /** Same order as the keys; undefined = not cached. */
  values: (string | undefined)[];
  memoryHits: number;
  redisHits: number;
}

/**
 * Heap bytes of one entry, approximately: V8 stores a string with only Latin-1 characters at
 * one byte per character and any other at two. Values are kept as JSON strings (not parsed
 * objects) so that this bound is real: a parsed analysis takes about twice its JSON.
 */
export function entryBytes(key: string, value: string): number {
  // eslint-disable-next-line no-control-regex
  const perChar = /[^\u0000-\u00ff]/.test(value) ? 2 : 1;
  return value.length * perChar + key.length + ENTRY_OVERHEAD_BYTES;
}

/**
 * Two-level cache of analysis results (JSON strings by key, see cache-keys.ts): L1 is an
 * in-process LRU bounded by entries and bytes, L2 is Redis with a TTL. Redis is optional: an
 * error is logged at debug, counted, and the caller simply analyses more. Workers publish
 * their statistics for GET /admin/cache and drop L1 entries when an admin deletes entries.
 */
@Injectable()
export class AnalysisCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisCache.name);
  readonly enabled: boolean;
  readonly workerId = `${hostname()}:${process.pid}`;
  private readonly memory?: LRUCache<string, string>;
  private readonly limits: { maxEntries: number; maxBytes: number };
  private readonly l2Prefix: string;
  private readonly ttlSeconds: number;
  private readonly queuePrefix: string;
  private l2PausedUntil = 0;
  private l2Healthy = true;
  private engine: string | null = null;
  private readonly totals = { memoryHits: 0, memoryMisses: 0, redisHits: 0, redisMisses: 0, redisErrors: 0 };
  private statsTimer?: NodeJS.Timeout;
  private publishing = false;
  private subscriber?: IORedis;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly metrics: MetricsService,
    @Inject(CACHE_REDIS) private readonly redis: IORedis | null,
    @Inject(REDIS_CLIENT) private readonly control: IORedis,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    const c = config.get('cache', { infer: true });
    this.enabled = c.enabled;
    this.queuePrefix = config.get('queue', { infer: true }).prefix;
    this.l2Prefix = redisKeyPrefix(this.queuePrefix);
    this.ttlSeconds = c.ttlSeconds;
    this.limits = { maxEntries: c.l1MaxEntries, maxBytes: c.l1MaxBytes };
    // The API process never analyses: no L1 there (lru-cache preallocates its slots).
    if (c.enabled && role === 'worker' && c.l1MaxEntries > 0 && c.l1MaxBytes > 0) {
      this.memory = new LRUCache<string, string>({ max: c.l1MaxEntries, maxSize: c.l1MaxBytes, sizeCalculation: (value, key) => entryBytes(key, value) });
    }
  }

  /** The fingerprint of the results this worker produces; published with the statistics. */
  announceEngine(fingerprint: string): void {
    this.engine = fingerprint;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled || this.role !== 'worker') return;
    this.statsTimer = setInterval(() => void this.publishStats(), STATS_INTERVAL_MS);
    this.statsTimer.unref();
    void this.publishStats();
    this.subscriber = createRedis(this.config.get('redis', { infer: true }).url, 'subscriber', 'cache-flush');
    this.subscriber.on('message', (_channel: string, subPrefix: string) => {
      const dropped = this.flushMemory(subPrefix);
      this.logger.log({ prefix: subPrefix, dropped }, 'in-process cache entries dropped on request');
    });
    // ioredis re-subscribes by itself after a reconnect.
    await this.subscriber.subscribe(flushChannel(this.queuePrefix)).catch((err: Error) => this.logger.warn({ err: err.message }, 'cannot subscribe to cache flushes'));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.subscriber?.disconnect();
    if (this.statsTimer) {
      // Best effort: a stale entry also disappears by itself after STATS_STALE_MS.
      await Promise.race([this.control.hdel(statsKey(this.queuePrefix), this.workerId).catch(() => undefined), new Promise((r) => setTimeout(r, 300))]);
    }
    this.redis?.disconnect();
  }

  /**
   * Looks up distinct keys: L1 first, then one MGET for everything L1 lacked (found values
   * are promoted to L1). `repeats` counts texts the caller deduplicated within its chunk;
   * they are served from memory and counted as memory hits.
   */
  async getMany(keys: readonly string[], repeats = 0): Promise<CacheLookup> {
    const values = new Array<string | undefined>(keys.length);
    if (!this.enabled) return { values, memoryHits: 0, redisHits: 0 };
    const missing: number[] = [];
    let memoryHits = 0;
    for (let i = 0; i < keys.length; i++) {
      const v = this.memory?.get(keys[i]);
      if (v !== undefined) {
        values[i] = v;
        memoryHits++;
      } else missing.push(i);
    }
    this.count('memory', 'hit', memoryHits + repeats);
    this.count('memory', 'miss', missing.length);

    let redisHits = 0;
    if (missing.length > 0) {
      const found = await this.l2Get(missing.map((i) => keys[i]));
      if (found === null) this.count('redis', 'error', missing.length);
      else {
        found.forEach((v, k) => {
          if (v === null) return;
          values[missing[k]] = v;
          this.memory?.set(keys[missing[k]], v);
          redisHits++;
        });
        this.count('redis', 'hit', redisHits);
        this.count('redis', 'miss', missing.length - redisHits);
      }
    }
    this.observeMemory();
    return { values, memoryHits: memoryHits + repeats, redisHits };
  }

  /** Stores results in L1 and (one pipelined round trip) in Redis with the TTL; never throws. */
  async setMany(entries: readonly (readonly [string, string])[]): Promise<void> {
    if (!this.enabled || entries.length === 0) return;
    for (const [k, v] of entries) this.memory?.set(k, v);
    this.observeMemory();
    const redis = this.l2();
    if (!redis) return;
    try {
      const pipeline = redis.pipeline();
      for (const [k, v] of entries) pipeline.set(this.l2Prefix + k, v, 'EX', this.ttlSeconds);
      const replies = await pipeline.exec();
      const failed = replies?.find(([err]) => err);
      if (failed) throw failed[0];
      this.l2Recovered();
    } catch (err) {
      this.l2Failed(err as Error);
    }
  }

  /** Drops L1 entries whose key starts with `subPrefix` (all of them for ''); returns how many. */
  flushMemory(subPrefix: string): number {
    if (!this.memory) return 0;
    let n = 0;
    if (subPrefix === '') {
      n = this.memory.size;
      this.memory.clear();
    } else {
      for (const k of [...this.memory.keys()]) if (k.startsWith(subPrefix) && this.memory.delete(k)) n++;
    }
    this.observeMemory();
    return n;
  }

  stats(): WorkerCacheStats {
    return {
      worker: this.workerId,
      entries: this.memory?.size ?? 0,
      bytes: this.memory?.calculatedSize ?? 0,
      maxEntries: this.memory ? this.limits.maxEntries : 0,
      maxBytes: this.memory ? this.limits.maxBytes : 0,
      ...this.totals,
      engine: this.engine,
      at: Date.now(),
    };
  }

  private async publishStats(): Promise<void> {
    // The worker's connection queues commands while Redis is away: never stack them up.
    if (this.publishing) return;
    this.publishing = true;
    try {
      const key = statsKey(this.queuePrefix);
      await this.control.multi().hset(key, this.workerId, JSON.stringify(this.stats())).pexpire(key, STATS_STALE_MS * 4).exec();
    } catch {
      // Statistics are a convenience; the next tick tries again.
    } finally {
      this.publishing = false;
    }
  }

  private async l2Get(keys: string[]): Promise<(string | null)[] | null> {
    const redis = this.l2();
    if (!redis) return null;
    try {
      const found = await redis.mget(keys.map((k) => this.l2Prefix + k));
      this.l2Recovered();
      return found;
    } catch (err) {
      this.l2Failed(err as Error);
      return null;
    }
  }

  /** Redis when it can be asked now: connected, and not paused after a recent error. */
  private l2(): IORedis | null {
    if (!this.redis || Date.now() < this.l2PausedUntil) return null;
    if (this.redis.status !== 'ready') {
      this.l2Failed(new Error(`not connected (${this.redis.status})`));
      return null;
    }
    return this.redis;
  }

  private l2Failed(err: Error): void {
    this.l2PausedUntil = Date.now() + L2_PAUSE_MS;
    // One line when Redis goes away, debug after that: a dead cache must not flood the logs.
    if (this.l2Healthy) this.logger.warn({ err: err.message }, 'cache Redis failed; analysing without it for now');
    else this.logger.debug({ err: err.message }, 'cache Redis still failing');
    this.l2Healthy = false;
  }

  private l2Recovered(): void {
    if (!this.l2Healthy) this.logger.log('cache Redis is back');
    this.l2Healthy = true;
  }

  private count(level: 'memory' | 'redis', result: 'hit' | 'miss' | 'error', n: number): void {
    if (n <= 0) return;
    this.metrics.cacheRequests.inc({ level, result }, n);
    const field = `${level}${result === 'hit' ? 'Hits' : result === 'miss' ? 'Misses' : 'Errors'}` as keyof typeof this.totals;
    // A missing L1 is "memory misses" for every look-up, which is what it is.
    if (field in this.totals) this.totals[field] += n;
  }

  private observeMemory(): void {
    this.metrics.cacheMemoryEntries.set(this.memory?.size ?? 0);
    this.metrics.cacheMemoryBytes.set(this.memory?.calculatedSize ?? 0);
  }
}

import type { ConfigService } from '@nestjs/config';
import type IORedis from 'ioredis';
import type { AppConfig } from '../config/config';
import { CacheService, sameServer } from './cache.service';

function fakeRedis(policy: string | null, hash: Record<string, string> = {}) {
  return {
    status: 'ready',
    config: jest.fn(async () => (policy === null ? Promise.reject(new Error('ERR unknown command CONFIG')) : ['maxmemory-policy', policy])),
    hgetall: jest.fn(async () => hash),
    hdel: jest.fn(async () => 1),
  };
}

function make(opts: { queuePolicy: string | null; cachePolicy?: string | null; cacheUrl?: string; enabled?: boolean; hash?: Record<string, string> }) {
  const cfg = {
    cache: { enabled: opts.enabled ?? true, redisUrl: opts.cacheUrl ?? 'redis://127.0.0.1:6379', ttlSeconds: 60, l1MaxEntries: 10, l1MaxBytes: 1000 },
    queue: { prefix: 'p' },
    redis: { url: 'redis://127.0.0.1:6379' },
  };
  const config = { get: (k: keyof typeof cfg) => cfg[k] } as unknown as ConfigService<AppConfig, true>;
  const control = fakeRedis(opts.queuePolicy, opts.hash);
  const cache = fakeRedis(opts.cachePolicy ?? null);
  return { sut: new CacheService(config, cache as unknown as IORedis, control as unknown as IORedis), control };
}

describe('CacheService', () => {
  it('says nothing when the queue Redis does not evict', async () => {
    expect(await make({ queuePolicy: 'noeviction' }).sut.evictionWarnings()).toEqual([]);
    // CONFIG disabled (managed Redis): nothing to check.
    expect(await make({ queuePolicy: null }).sut.evictionWarnings()).toEqual([]);
  });

  it('warns that a shared Redis must stay noeviction, cache entries relying on their TTL', async () => {
    const [w, ...rest] = await make({ queuePolicy: 'allkeys-lru', cacheUrl: 'redis://localhost:6379/2' }).sut.evictionWarnings();
    expect(rest).toEqual([]);
    expect(w).toMatch(/maxmemory-policy is "allkeys-lru": queued jobs can be evicted/);
    expect(w).toMatch(/cache shares this Redis .* must stay noeviction; cache entries expire by their TTL \(CACHE_TTL_SECONDS\)/);
  });

  it('with a dedicated cache Redis: the queue warning alone, and a hint when the cache Redis cannot evict', async () => {
    const [q] = await make({ queuePolicy: 'volatile-lru', cachePolicy: 'allkeys-lru', cacheUrl: 'redis://cache:6379' }).sut.evictionWarnings();
    expect(q).not.toMatch(/shares this Redis/);
    const [c] = await make({ queuePolicy: 'noeviction', cachePolicy: 'noeviction', cacheUrl: 'redis://cache:6379' }).sut.evictionWarnings();
    expect(c).toMatch(/CACHE_REDIS_URL\) has maxmemory-policy noeviction.*allkeys-lru/);
  });

  it('reuses rows only when every live worker runs one engine, and prunes workers that stopped reporting', async () => {
    const now = Date.now();
    const stat = (engine: string, at = now) => JSON.stringify({ engine, at });
    expect(await make({ queuePolicy: 'noeviction', hash: { w1: stat('e1'), w2: stat('e1') } }).sut.currentEngine()).toBe('e1');
    expect(await make({ queuePolicy: 'noeviction', hash: { w1: stat('e1'), w2: stat('e2') } }).sut.currentEngine()).toBeNull();
    expect(await make({ queuePolicy: 'noeviction', hash: {} }).sut.currentEngine()).toBeNull();
    const { sut, control } = make({ queuePolicy: 'noeviction', hash: { w1: stat('e1'), old: stat('e0', now - 60_000), bad: '{' } });
    expect(await sut.currentEngine()).toBe('e1');
    expect(control.hdel).toHaveBeenCalledWith('p:cache-stats', 'old', 'bad');
    expect(await make({ queuePolicy: 'noeviction', enabled: false, hash: { w1: stat('e1') } }).sut.currentEngine()).toBeNull();
  });

  it('knows one eviction policy covers every database of a server', () => {
    expect(sameServer('redis://127.0.0.1:6379', 'redis://localhost/3')).toBe(true);
    expect(sameServer('redis://127.0.0.1:6379', 'redis://127.0.0.1:6380')).toBe(false);
    expect(sameServer('redis://a:6379', 'redis://b:6379')).toBe(false);
  });
});

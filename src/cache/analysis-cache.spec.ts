import type { ConfigService } from '@nestjs/config';
import type IORedis from 'ioredis';
import type { AppConfig } from '../config/config';
import { MetricsService } from '../monitoring/metrics.service';
import { AnalysisCache, entryBytes } from './analysis-cache';

type FakeRedis = { status: string; store: Map<string, string>; mget: jest.Mock; pipeline: jest.Mock };

function fakeRedis(status = 'ready'): FakeRedis {
  const store = new Map<string, string>();
  const r: FakeRedis = {
    status,
    store,
    mget: jest.fn(async (keys: string[]) => keys.map((k) => store.get(k) ?? null)),
    pipeline: jest.fn(() => {
      const ops: [string, string][] = [];
      const p = {
        set: (k: string, v: string) => (ops.push([k, v]), p),
        exec: async () => ops.map(([k, v]) => (store.set(k, v), [null, 'OK'])),
      };
      return p;
    }),
  };
  return r;
}

function make(cache: Partial<AppConfig['cache']>, redis: FakeRedis | null = fakeRedis()) {
  const cfg = {
    cache: { enabled: true, redisUrl: 'redis://x', ttlSeconds: 60, l1MaxEntries: 1000, l1MaxBytes: 1_000_000, ...cache },
    queue: { prefix: 'p' },
    redis: { url: 'redis://x' },
  };
  const config = { get: (k: keyof typeof cfg) => cfg[k] } as unknown as ConfigService<AppConfig, true>;
  const metrics = new MetricsService();
  const sut = new AnalysisCache(config, metrics, redis as unknown as IORedis, {} as IORedis, 'worker');
  return { sut, metrics, redis };
}

async function counter(metrics: MetricsService, level: string, result: string): Promise<number> {
  const m = await metrics.cacheRequests.get();
  return m.values.find((v) => v.labels.level === level && v.labels.result === result)?.value ?? 0;
}

describe('AnalysisCache', () => {
  it('bounds the in-process level by bytes: the least recently used entries go first', async () => {
    const { sut } = make({ l1MaxBytes: 10_000 }, null);
    const value = 'x'.repeat(900);
    for (let i = 0; i < 30; i++) await sut.setMany([[`k${i}`, value]]);
    const s = sut.stats();
    expect(s.bytes).toBeLessThanOrEqual(10_000);
    expect(s.entries).toBe(Math.floor(10_000 / entryBytes('k10', value)));
    const { values } = await sut.getMany(['k0', 'k29']);
    expect(values).toEqual([undefined, value]);
  });

  it('bounds the in-process level by entries', async () => {
    const { sut } = make({ l1MaxEntries: 3 }, null);
    await sut.setMany([['a', '1'], ['b', '2'], ['c', '3']]);
    await sut.getMany(['a']); // a is now the most recently used
    await sut.setMany([['d', '4']]);
    expect(sut.stats().entries).toBe(3);
    expect((await sut.getMany(['a', 'b', 'c', 'd'])).values).toEqual(['1', undefined, '3', '4']);
  });

  it('counts two bytes per character for text V8 cannot store as Latin-1', () => {
    expect(entryBytes('k', 'ñandú') - entryBytes('k', 'abcde')).toBe(0);
    expect(entryBytes('k', 'mbaʼe 😀') - entryBytes('k', 'mbaxe xx')).toBe('mbaʼe 😀'.length);
  });

  it('asks Redis once for what memory lacks, and promotes what it finds', async () => {
    const { sut, redis, metrics } = make({});
    redis!.store.set('p:cache:b', 'B');
    await sut.setMany([['a', 'A']]);
    const r = await sut.getMany(['a', 'b', 'c'], 2);
    expect(r.values).toEqual(['A', 'B', undefined]);
    expect(redis!.mget).toHaveBeenCalledTimes(1);
    expect(redis!.mget).toHaveBeenCalledWith(['p:cache:b', 'p:cache:c']);
    expect(r).toMatchObject({ memoryHits: 3, redisHits: 1 });
    expect(await counter(metrics, 'memory', 'hit')).toBe(3);
    expect(await counter(metrics, 'redis', 'hit')).toBe(1);
    expect(await counter(metrics, 'redis', 'miss')).toBe(1);
    expect((await sut.getMany(['b'])).memoryHits).toBe(1); // promoted
    expect(redis!.store.get('p:cache:a')).toBe('A'); // written through
  });

  it('goes on without Redis when it is down or failing, and counts it', async () => {
    const down = make({}, fakeRedis('reconnecting'));
    expect((await down.sut.getMany(['a'])).values).toEqual([undefined]);
    await expect(down.sut.setMany([['a', 'A']])).resolves.toBeUndefined();
    expect(await counter(down.metrics, 'redis', 'error')).toBe(1);
    expect((await down.sut.getMany(['a'])).values).toEqual(['A']); // memory still works

    const failing = make({});
    failing.redis!.mget.mockRejectedValueOnce(new Error('Command timed out'));
    expect((await failing.sut.getMany(['x', 'y'])).values).toEqual([undefined, undefined]);
    expect(await counter(failing.metrics, 'redis', 'error')).toBe(2);
    // Paused after the error: no further round trip for a while.
    await failing.sut.getMany(['z']);
    expect(failing.redis!.mget).toHaveBeenCalledTimes(1);
  });

  it('drops in-process entries by prefix on request', async () => {
    const { sut } = make({}, null);
    await sut.setMany([['e@1:a', '1'], ['e@1:b', '2'], ['e@2:a', '3']]);
    expect(sut.flushMemory('e@1:')).toBe(2);
    expect((await sut.getMany(['e@1:a', 'e@2:a'])).values).toEqual([undefined, '3']);
    expect(sut.flushMemory('')).toBe(1);
  });

  it('does nothing when disabled', async () => {
    const { sut, redis } = make({ enabled: false });
    await sut.setMany([['a', 'A']]);
    expect((await sut.getMany(['a'])).values).toEqual([undefined]);
    expect(redis!.mget).not.toHaveBeenCalled();
  });
});

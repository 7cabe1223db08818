import type { ConfigService } from '@nestjs/config';
import type IORedis from 'ioredis';
import { AnalysisCache } from '../../cache/analysis-cache';
import type { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import type { UsageRepository } from '../../usage/usage.repository';
import type { AnalysisEngine } from '../analysis/analysis.types';
import { analysesOf, enrich } from '../analysis/enrichment';
import { createLocalEngine } from '../analysis/local-engine';
import { ISP_DEFAULT_TAXONOMY } from '../analysis/themes/isp-default.taxonomy';
import { CachedAnalysisService } from './cached-analysis.service';

describe('CachedAnalysisService', () => {
  let engine: AnalysisEngine;
  beforeAll(async () => {
    engine = await createLocalEngine();
  });

  function make(enabled = true) {
    const cfg = {
      cache: { enabled, redisUrl: 'redis://x', ttlSeconds: 60, l1MaxEntries: 1000, l1MaxBytes: 10_000_000 },
      queue: { prefix: 'p' },
      redis: { url: 'redis://x' },
    };
    const config = { get: (k: keyof typeof cfg) => cfg[k] } as unknown as ConfigService<AppConfig, true>;
    // No Redis: the in-process level alone shows the behaviour.
    const cache = new AnalysisCache(config, new MetricsService(), null, {} as IORedis, 'worker');
    const spy = jest.spyOn(engine, 'analyze');
    const usage = { record: jest.fn() };
    const sut = new CachedAnalysisService(engine, cache, usage as unknown as UsageRepository, null);
    return { sut, spy, usage };
  }

  afterEach(() => jest.restoreAllMocks());

  const TEXTS = ['El internet anda muy lento', 'Excelente atención, gracias!', 'El internet anda muy lento', 'The connection drops every night. Support was great though.'];
  const wanted = { analyses: analysesOf(undefined) };

  it('analyses each distinct text once per call, then answers repeats from the cache with identical results', async () => {
    const { sut, spy } = make();
    const first = await sut.analyse(TEXTS.map((text) => ({ text, language: 'auto' })), wanted);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0]).toHaveLength(3);
    expect(first.cache).toEqual({ hits: 1, misses: 3 });

    const second = await sut.analyse(TEXTS.map((text) => ({ text, language: 'auto' })), wanted);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(second.cache).toEqual({ hits: 4, misses: 0 });
    // What is stored is JSON either way: compare as stored.
    expect(JSON.stringify(second.results)).toBe(JSON.stringify(first.results));
    const fresh = engine.analyze(TEXTS.map((text) => ({ text, language: 'auto' }))).map((a, i) => enrich(TEXTS[i], a, wanted));
    expect(JSON.stringify(second.results)).toBe(JSON.stringify(fresh));
  });

  it('keeps results of other options, hints and taxonomies apart', async () => {
    const { sut, spy } = make();
    const input = [{ text: TEXTS[0], language: 'auto' }];
    await sut.analyse(input, wanted);
    await sut.analyse(input, { analyses: analysesOf(['language', 'sentiment']) });
    await sut.analyse([{ text: TEXTS[0], language: 'es' }], wanted);
    await sut.analyse(input, wanted, { id: 'default', version: 1, definition: ISP_DEFAULT_TAXONOMY });
    expect(spy).toHaveBeenCalledTimes(4);
    const slim = await sut.analyse(input, { analyses: analysesOf(['language', 'sentiment']) });
    expect(slim.results[0].themes).toBeUndefined();
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('records cache hits for usage, and never fails the analysis over it', async () => {
    const { sut, usage } = make();
    usage.record.mockRejectedValueOnce(new Error('relation "usage_records" does not exist'));
    await expect(sut.recordHits({ userId: 'u', id: 't' }, { hits: 2, misses: 1 })).resolves.toBeUndefined();
    await sut.recordHits({ userId: 'u', id: 't' }, { hits: 0, misses: 1 });
    expect(usage.record).toHaveBeenCalledTimes(1);
    expect(usage.record.mock.calls[0][0]).toMatchObject({ engine: 'sentir-local', cacheHits: 2, texts: 3, costUsd: 0 });
  });

  it('analyses everything when the cache is disabled', async () => {
    const { sut, spy } = make(false);
    const r = await sut.analyse(TEXTS.map((text) => ({ text })), wanted);
    expect(spy.mock.calls[0][0]).toHaveLength(4);
    expect(r.cache).toEqual({ hits: 0, misses: 4 });
  });
});

import type { LlmLabel } from './llm.types';
import { cacheKey, LruLlmCache } from './lru-cache';

const label = (score: number): LlmLabel => ({ sentiment: 'neutral', score, confidence: 0.5, themes: [] });

describe('LruLlmCache', () => {
  it('evicts the least recently used entry', async () => {
    const sut = new LruLlmCache(2);
    await sut.setMany([['a', label(1)], ['b', label(2)]]);
    await sut.getMany(['a']); // a is now the most recent
    await sut.setMany([['c', label(3)]]);
    expect(await sut.getMany(['a', 'b', 'c'])).toEqual([label(1), undefined, label(3)]);
    expect(sut.size).toBe(2);
  });

  it('stores nothing with size 0', async () => {
    const sut = new LruLlmCache(0);
    await sut.setMany([['a', label(1)]]);
    expect(await sut.getMany(['a'])).toEqual([undefined]);
  });

  it('keys on model, prompt version, taxonomy and text', () => {
    const base = cacheKey('m', '1', 't', 'hola');
    expect(cacheKey('m', '1', 't', 'hola')).toBe(base);
    expect(new Set([cacheKey('m2', '1', 't', 'hola'), cacheKey('m', '2', 't', 'hola'), cacheKey('m', '1', 't2', 'hola'), cacheKey('m', '1', 't', 'hola!')]).has(base)).toBe(false);
  });
});

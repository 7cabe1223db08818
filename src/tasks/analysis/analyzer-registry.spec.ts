import type { SentimentResult } from './analysis.types';
import { AnalyzerRegistry, type SentimentAnalyzer } from './analyzer-registry';

const neutral: SentimentResult = { label: 'neutral', score: 0, confidence: 1, scores: { positive: 0, neutral: 1, negative: 0 } };
const fake = (name: string, languages: string[]): SentimentAnalyzer => ({
  name,
  version: '1.0.0',
  languages,
  analyze: (texts) => texts.map(() => neutral),
});

describe('AnalyzerRegistry', () => {
  it('routes languages to their analyzer and others to the fallback', () => {
    const es = fake('es', ['es']);
    const fallback = fake('fallback', []);
    const sut = new AnalyzerRegistry().registerSentiment(es).registerFallback(fallback);
    expect(sut.sentimentFor('es')).toBe(es);
    expect(sut.sentimentFor('gn')).toBe(fallback);
    expect(sut.supportedLanguages()).toEqual(['es']);
  });

  it('rejects two analyzers for one language', () => {
    const sut = new AnalyzerRegistry().registerSentiment(fake('a', ['es', 'gn']));
    expect(() => sut.registerSentiment(fake('b', ['gn']))).toThrow(/already has/);
  });

  it('throws when nothing can handle a language', () => {
    expect(() => new AnalyzerRegistry().sentimentFor('es')).toThrow(/No sentiment analyzer/);
  });

  it('lists every analyzer once, detectors first', () => {
    const both = fake('multi', ['es', 'en']);
    const sut = new AnalyzerRegistry()
      .registerSentiment(both)
      .registerDetector({ name: 'det', version: '2.0.0', detect: (t) => t.map(() => ({ code: 'und', confidence: 0 })) })
      .registerFallback(fake('fb', []));
    expect(sut.all()).toEqual([
      { name: 'det', version: '2.0.0' },
      { name: 'multi', version: '1.0.0' },
      { name: 'fb', version: '1.0.0' },
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { VADER_SENTIMENT_VERSION, VaderEnglishAnalyzer } from './vader-english.analyzer';

describe('VaderEnglishAnalyzer', () => {
  const sut = new VaderEnglishAnalyzer();
  const one = (text: string) => sut.analyze([text])[0];

  it('labels English basics with the ±0.05 thresholds', () => {
    expect(one('The service is great').label).toBe('positive');
    expect(one('The service is terrible').label).toBe('negative');
    expect(one('I called on Monday').label).toBe('neutral');
  });

  it('applies VADER negation and contrast', () => {
    expect(one('The service is not good').label).toBe('negative');
    expect(one('It is cheap but the connection keeps failing and it is awful').label).toBe('negative');
  });

  it('maps emoji to VADER emoticons', () => {
    expect(one('internet 👍').label).toBe('positive');
    expect(one('internet 😡').label).toBe('negative');
  });

  it('returns per-class scores that sum to 1 and agree with the label', () => {
    for (const r of sut.analyze(['Great!!', 'meh', 'awful'])) {
      expect(r.scores.positive + r.scores.neutral + r.scores.negative).toBeCloseTo(1, 3);
      expect(r.confidence).toBe(r.scores[r.label]);
      expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
    }
  });

  it('records the installed library version', () => {
    const pkg = JSON.parse(readFileSync(require.resolve('vader-sentiment/package.json'), 'utf8')) as { version: string };
    expect(sut.version).toBe(pkg.version);
    expect(VADER_SENTIMENT_VERSION).toBe(pkg.version);
  });

  it('does not patch built-in prototypes or globals', () => {
    for (const proto of [Object.prototype, Array.prototype, String.prototype]) {
      const enumerable: string[] = [];
      for (const key in proto) enumerable.push(key);
      expect(enumerable).toEqual([]);
    }
    expect('SentimentIntensityAnalyzer' in globalThis).toBe(false);
  });
});

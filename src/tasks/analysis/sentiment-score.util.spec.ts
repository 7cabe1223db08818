import { normalizeValence, sentimentFromCompound } from './sentiment-score.util';

describe('sentimentFromCompound', () => {
  it.each([
    [0.05, 'positive'],
    [0.049, 'neutral'],
    [0, 'neutral'],
    [-0.049, 'neutral'],
    [-0.05, 'negative'],
  ] as const)('uses VADER thresholds: %s → %s', (compound, label) => {
    expect(sentimentFromCompound(compound).label).toBe(label);
  });

  it('gives per-class scores that sum to 1, with confidence = score of the label', () => {
    for (const c of [-1, -0.4, 0, 0.2, 1]) {
      const sut = sentimentFromCompound(c);
      const { positive, neutral, negative } = sut.scores;
      expect(positive + neutral + negative).toBeCloseTo(1, 3);
      expect(sut.confidence).toBe(sut.scores[sut.label]);
    }
    expect(sentimentFromCompound(0.9).confidence).toBeGreaterThan(0.99);
    expect(sentimentFromCompound(0).confidence).toBeLessThan(0.5);
  });

  it('lets neutral evidence pull a weakly polar text to neutral', () => {
    expect(sentimentFromCompound(0.1, 3).label).toBe('neutral');
    expect(sentimentFromCompound(0.8, 3).label).toBe('positive');
  });

  it('clamps bad input', () => {
    expect(sentimentFromCompound(Number.NaN).score).toBe(0);
    expect(sentimentFromCompound(3).score).toBe(1);
  });
});

describe('normalizeValence', () => {
  it('maps sums into (-1, 1) monotonically', () => {
    expect(normalizeValence(0)).toBe(0);
    expect(normalizeValence(2)).toBeGreaterThan(normalizeValence(1));
    expect(normalizeValence(1000)).toBeLessThanOrEqual(1);
    expect(normalizeValence(-1000)).toBeGreaterThanOrEqual(-1);
  });
});

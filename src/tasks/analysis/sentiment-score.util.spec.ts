import { TallyBuilder, normalizeValence, sentimentFromCompound } from './sentiment-score.util';

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

describe('sentimentFromCompound with polarity mass', () => {
  it('labels strong, balanced evidence mixed and gives mixed the highest score', () => {
    const sut = sentimentFromCompound(0.05, 0, { positive: 2, negative: 1.8 });
    expect(sut.label).toBe('mixed');
    expect(sut.confidence).toBe(sut.scores.mixed);
    const { positive, neutral, negative, mixed = 0 } = sut.scores;
    expect(positive + neutral + negative + mixed).toBeCloseTo(1, 3);
  });

  it('keeps the polar label when one side clearly wins', () => {
    expect(sentimentFromCompound(0.7, 0, { positive: 3, negative: 1.5 }).label).toBe('positive');
  });

  it('leans neutral on weak evidence that cancels out', () => {
    const sut = sentimentFromCompound(0.06, 0, { positive: 0.8, negative: 0.7 });
    expect(sut.label).toBe('neutral');
    expect(sut.scores.mixed).toBe(0);
  });
});

describe('TallyBuilder', () => {
  it('sums sentences, keeps their spans and halves a sentence contradicted by a leading "but"', () => {
    const sut = new TallyBuilder();
    sut.content(0, 5);
    sut.push(2);
    sut.punct('.', 6);
    sut.endSentence();
    sut.content(7, 10);
    sut.markLeadingContrast();
    sut.push(-2);
    const tally = sut.finish();
    expect(tally.sentences.map((s) => [s.start, s.end, s.sum])).toEqual([
      [0, 6, 2],
      [7, 10, -2],
    ]);
    expect(tally.sum).toBeCloseTo(-1, 6);
  });

  it('adds punctuation emphasis away from zero, per sentence and for the whole', () => {
    const sut = new TallyBuilder();
    sut.content(0, 4);
    sut.push(-1);
    sut.punct('!', 5);
    sut.punct('!', 6);
    const tally = sut.finish();
    expect(tally.sum).toBeCloseTo(-1 - 2 * 0.292, 6);
    expect(tally.sentences[0].sum).toBeCloseTo(tally.sum, 6);
  });
});

import { readFileSync } from 'node:fs';
import { EN_WORDS } from './english-review.lexicon';
import { ENGLISH_SENTIMENT_VERSION, VADER_SENTIMENT_VERSION, VaderEnglishAnalyzer, vaderValence } from './vader-english.analyzer';

describe('VaderEnglishAnalyzer', () => {
  const sut = new VaderEnglishAnalyzer();
  const one = (text: string) => sut.analyze([text])[0];
  const score = (text: string) => one(text).score;

  it('labels English basics with the ±0.05 thresholds', () => {
    expect(one('The service is great').label).toBe('positive');
    expect(one('The service is terrible').label).toBe('negative');
    expect(one('I called on Monday').label).toBe('neutral');
  });

  it('applies VADER negation and contrast', () => {
    expect(one('The service is not good').label).toBe('negative');
    expect(one('It is cheap but the connection keeps failing and it is awful').label).toBe('negative');
  });

  it.each([
    ['A good bargain.', 'Not a good bargain.'],
    ['Good value', 'Never good value'],
    ['It was helpful', 'No help at all'],
  ])('negates sentence-initial and capitalised negators: "%s" / "%s"', (affirmed, negated) => {
    expect(one(affirmed).label).toBe('positive');
    expect(one(negated).label).toBe('negative');
  });

  it('reads words followed by several punctuation marks ("Works great!.")', () => {
    expect(one('Works great!.').label).toBe('positive');
  });

  it.each([
    ['It works', "It doesn't work"],
    ['Holds a charge.', "Doesn't hold a charge."],
    ['It lasted', "It didn't last long"],
    ['It connects to my laptop', 'Unable to connect to my laptop'],
    ['Works on one side', 'Only works on one side'],
    ['The technician answered', 'Nobody answers the phone'],
  ])('an expected action that fails is a complaint: "%s" / "%s"', (works, fails) => {
    expect(score(works)).toBeGreaterThanOrEqual(0);
    expect(one(fails).label).toBe('negative');
  });

  it.each([
    'What a waste of money',
    "Don't waste your money",
    'I returned it',
    'Stopped working after a week',
    'Flimsy and overpriced',
    'Do not buy',
    'The sound is muffled',
  ])('recognises the product-review complaint "%s"', (text) => {
    expect(one(text).label).toBe('negative');
  });

  it.each(['Made very sturdy.', 'Works like a charm', 'No complaints', 'Does the job', 'Highly recommend', 'Setup couldn’t have been simpler'])(
    'recognises the product-review praise "%s"',
    (text) => {
      expect(one(text).label).toBe('positive');
    },
  );

  it('would not recommend is a strong complaint, stronger than VADER’s flip of "recommend"', () => {
    expect(score('I would not recommend it')).toBeLessThan(-0.4);
  });

  it('reads "too" + size as a complaint, but not the size alone', () => {
    expect(one('Too small').label).toBe('negative');
    expect(one('Small').label).toBe('neutral');
    expect(one('waaay too big').score).toBeLessThan(one('too big').score);
  });

  it('reads "like" as a verb only after a subject ("I like it", not "looks like plastic")', () => {
    expect(one('I like it').label).toBe('positive');
    expect(one('It looks like plastic').label).toBe('neutral');
  });

  it('reads "pretty" before a sentiment word as an intensifier', () => {
    expect(score('pretty bad')).toBeLessThan(score('bad'));
  });

  it('emphasises elongated words and boosters', () => {
    expect(score('The internet is slooow')).toBeLessThan(score('The internet is slow'));
    expect(score('The internet is soooo slow')).toBeLessThan(score('The internet is so slow'));
  });

  it('maps emoji to valences', () => {
    expect(one('internet 👍').label).toBe('positive');
    expect(one('internet 😡').label).toBe('negative');
  });

  it('calls strong praise and strong complaint in balance mixed', () => {
    const r = one('Great phone. The battery died after a week.');
    expect(r.label).toBe('mixed');
    expect(r.scores.mixed).toBeGreaterThan(0.5);
  });

  it('labels each sentence of a longer text, with offsets into the text', () => {
    const text = 'Great phone. The battery died after a week.';
    const { sentences } = one(text);
    expect(sentences?.map((s) => [s.text, s.label])).toEqual([
      ['Great phone.', 'positive'],
      ['The battery died after a week.', 'negative'],
    ]);
    for (const s of sentences ?? []) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(one('Great phone').sentences).toBeUndefined();
  });

  it('returns per-class scores that sum to 1 and agree with the label', () => {
    for (const r of sut.analyze(['Great!!', 'meh', 'awful', 'Great screen. Terrible battery.'])) {
      const { positive, neutral, negative, mixed = 0 } = r.scores;
      expect(positive + neutral + negative + mixed).toBeCloseTo(1, 3);
      expect(r.confidence).toBe(r.scores[r.label]);
      expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
    }
  });

  it('recovers VADER lexicon valences through the package API', () => {
    expect(vaderValence('good')).toBe(1.9);
    expect(vaderValence('love')).toBe(3.2);
    expect(vaderValence('horrible')).toBe(-2.5);
    expect(vaderValence('router')).toBe(0);
    expect(vaderValence('x')).toBe(0);
  });

  it('keeps the supplement lexicon disjoint from VADER’s, so nothing is counted twice', () => {
    const overlapping = EN_WORDS.flatMap(([, words]) => words.split(' ')).filter((w) => vaderValence(w) !== 0);
    expect(overlapping).toEqual([]);
  });

  it('records its own version and the installed library version', () => {
    const pkg = JSON.parse(readFileSync(require.resolve('vader-sentiment/package.json'), 'utf8')) as { version: string };
    expect(VADER_SENTIMENT_VERSION).toBe(pkg.version);
    expect(sut.version).toBe(`${ENGLISH_SENTIMENT_VERSION}+vader-sentiment.${pkg.version}`);
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

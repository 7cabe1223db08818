import { KeyPhraseAggregator } from './keyphrase.aggregator';
import { extractKeyPhrases, type KeyPhrase } from './keyphrase.extractor';

const kp = (key: string, count = 1, score = 1, phrase = key): KeyPhrase => ({ phrase, key, score, count });

describe('KeyPhraseAggregator', () => {
  it('counts texts, occurrences and mean score per phrase', () => {
    const sut = new KeyPhraseAggregator();
    sut.add([kp('lento', 2, 1), kp('factura', 1, 0.5)]);
    sut.add([kp('lento', 1, 0.5)]);
    expect(sut.top(5)).toEqual([
      { phrase: 'lento', key: 'lento', count: 2, occurrences: 3, score: 0.75 },
      { phrase: 'factura', key: 'factura', count: 1, occurrences: 1, score: 0.5 },
    ]);
    expect(sut.textCount).toBe(2);
    expect(sut.maxUndercount).toBe(0);
  });

  it('prefers the accented spelling when variants share a key', () => {
    const sut = new KeyPhraseAggregator();
    sut.add([kp('atencion', 1, 1, 'atencion')]);
    sut.add([kp('atencion', 1, 1, 'atención')]);
    sut.add([kp('atencion', 1, 1, 'atencion')]);
    expect(sut.top(1)[0].phrase).toBe('atención');
  });

  it('works on extractor output', () => {
    const sut = new KeyPhraseAggregator();
    for (const t of ['Internet lento', 'Muy lento el internet', 'La factura, lento']) sut.add(extractKeyPhrases(t, 'es'));
    expect(sut.top(1)[0]).toMatchObject({ key: 'lento', count: 2 });
  });

  it('keeps memory bounded and the frequent head exact', () => {
    const sut = new KeyPhraseAggregator({ capacity: 50 });
    for (let i = 0; i < 10_000; i++) {
      sut.add([kp('frequent'), kp(`rare-${i}`)]);
      if (i % 10 === 0) sut.add([kp('common')]);
      expect(sut.size).toBeLessThan(100);
    }
    const [first, second] = sut.top(2);
    expect(first).toMatchObject({ key: 'frequent', count: 10_000 });
    expect(second).toMatchObject({ key: 'common', count: 1_000 });
    expect(sut.maxUndercount).toBeGreaterThan(0);
  });

  it('returns nothing before any text and for n ≤ 0', () => {
    const sut = new KeyPhraseAggregator();
    expect(sut.top()).toEqual([]);
    sut.add([kp('x')]);
    expect(sut.top(0)).toEqual([]);
  });
});

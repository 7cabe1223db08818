import { LexiconLanguageDetector } from './lexicon-language.detector';

describe('LexiconLanguageDetector', () => {
  const sut = new LexiconLanguageDetector(
    new Map([
      ['es', new Set(['no', 'anda', 'muy', 'lento', 'ok'])],
      ['en', new Set(['no', 'very', 'slow', 'ok'])],
    ]),
  );

  it('picks the language that knows most of the words', () => {
    expect(sut.detect(['muy lento', 'very slow'])).toEqual([
      { code: 'es', confidence: 1 },
      { code: 'en', confidence: 1 },
    ]);
  });

  it('discounts words both languages know', () => {
    expect(sut.detect(['No anda'])[0]).toEqual({ code: 'es', confidence: 0.75 });
  });

  it("answers 'und' for too few letters, unknown words or a tie", () => {
    expect(sut.detect(['ok', 'qwerty asdf', 'no ok']).map((r) => r.code)).toEqual(['und', 'und', 'und']);
  });
});

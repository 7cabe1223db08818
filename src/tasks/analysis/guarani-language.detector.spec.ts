import { GuaraniLanguageDetector } from './guarani-language.detector';
import { spanishVocabulary } from './spanish-sentiment.analyzer';

describe('GuaraniLanguageDetector', () => {
  const sut = new GuaraniLanguageDetector(spanishVocabulary());
  const detect = (text: string) => sut.detect([text])[0];

  it.each([
    ["Che róga avei nde róga.", 'word list'],
    ["Mba'éichapa reiko?", 'puso and word list'],
    ['oĩmba', 'nasal vowel ĩ alone'],
    ["py'apy", 'puso between vowels alone'],
    ['ndaipotái mba’eve', 'nd…i negation and a curly puso'],
    ['Ñande ñe’ẽ iporã', 'initial ñ, nasal ẽ'],
    ['Ko tembiapo oñemoneĩ kuehe', 'verb prefix oñe-'],
    ['Ojejapóta peteî aty Asunción-pe', 'circumflex for the tilde, stress mark, hyphenated -pe'],
  ])('recognises Guarani: "%s" (%s)', (text) => {
    const r = detect(text);
    expect(r.code).toBe('gn');
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('flags Jopara (Guarani with Spanish) as mixed gn + es', () => {
    const r = detect('La internet ndofuncionái desde ayer, ndaje oĩ problema en la zona');
    expect(r.code).toBe('gn');
    expect(r.mixed).toEqual(['gn', 'es']);
  });

  it('does not flag Guarani without Spanish as mixed', () => {
    expect(detect("Che aguereko ñe'ẽryru ha aipuru ko'ẽrõ").mixed).toBeUndefined();
  });

  it.each([
    'El internet anda muy lento y nadie me atiende',
    'Che, el servicio anda mal desde ayer', // Rioplatense "che" alone is not Guarani
    'Ha llegado el técnico y ha arreglado el módem', // Spanish auxiliary "ha"
    'Não funciona, péssimo atendimento',
    'Le préfet finance les gîtes ruraux',
    "L'anno scorso c'è stato un problema",
    'Everything is really nice and the system works',
    "I don't know, it's fine",
    'ok',
    '',
  ])('leaves other languages to the next detector: "%s"', (text) => {
    expect(detect(text)).toEqual({ code: 'und', confidence: 0 });
  });

  it('ignores capitalised names inside a sentence when counting words', () => {
    const withNames = sut.evidence("Ha'e oreko mbohupárõ Mario Abdo Benítez");
    const without = sut.evidence("Ha'e oreko mbohupárõ");
    expect(withNames.words).toBe(without.words);
  });
});

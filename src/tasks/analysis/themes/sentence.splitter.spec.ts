import { splitSentences } from './sentence.splitter';

describe('splitSentences', () => {
  const texts = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

  it('splits after terminators followed by a blank and trims the spans', () => {
    expect(texts('  Anda lento.  Nadie atiende!!! ¿Qué hago?  ')).toEqual(['Anda lento.', 'Nadie atiende!!!', '¿Qué hago?']);
  });

  it('splits at line breaks', () => {
    expect(texts('Primero\nsegundo\r\n\ntercero')).toEqual(['Primero', 'segundo', 'tercero']);
  });

  it('splits before a mid-text ¿ or ¡', () => {
    expect(texts('Se corta siempre ¿alguien sabe por qué?')).toEqual(['Se corta siempre', '¿alguien sabe por qué?']);
    expect(texts('¿Por qué? ¡Nadie sabe!')).toEqual(['¿Por qué?', '¡Nadie sabe!']);
  });

  it('does not split after abbreviations, initials or inside numbers', () => {
    expect(texts('Me cobran Gs. 150.000 por mes. El Sr. Pérez, C.I. 1.234.567, llamó.')).toEqual([
      'Me cobran Gs. 150.000 por mes.',
      'El Sr. Pérez, C.I. 1.234.567, llamó.',
    ]);
    expect(texts('Versión 1.2.3 instalada')).toEqual(['Versión 1.2.3 instalada']);
  });

  it('returns no spans for blank text and one for text without terminators', () => {
    expect(splitSentences('   ')).toEqual([]);
    expect(splitSentences('hola')).toEqual([{ start: 0, end: 4 }]);
  });
});

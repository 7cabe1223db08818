import { asPrepared, foldText, foldWithOffsets, normalizeForHash, originalOffset, prepareText, splitWords } from './text-normalize';

describe('foldWithOffsets', () => {
  it('lower-cases ASCII text without building an offset map', () => {
    expect(foldWithOffsets('El Internet ANDA')).toEqual({ text: 'el internet anda', offsets: null });
  });

  it('folds accents, ñ and Guarani nasal vowels', () => {
    expect(foldText('ATENCIÓN Señal Pésimo ỹ g̃')).toBe('atencion senal pesimo y g');
  });

  it('drops combining marks of decomposed (NFD) text and maps offsets back', () => {
    const text = 'atencio\u0301n ok';
    const f = foldWithOffsets(text);
    expect(f.text).toBe('atencion ok');
    expect(originalOffset(f, f.text.indexOf('ok'))).toBe(text.indexOf('ok'));
    expect(originalOffset(f, f.text.length)).toBe(text.length);
  });

  it('squeezes runs of 3+ identical letters but keeps doubles and digits', () => {
    expect(foldText('LENTOOOO muuuy lleno 1000')).toBe('lento muy lleno 1000');
    expect(foldText('ÁÁÁ')).toBe('a');
  });

  it('maps squeezed words back to the whole original word', () => {
    const text = 'Es lentooo!';
    const f = foldWithOffsets(text);
    const start = originalOffset(f, f.text.indexOf('lento'));
    const end = originalOffset(f, f.text.indexOf('lento') + 5);
    expect(text.slice(start, end)).toBe('lentooo');
  });

  it('keeps lengths aligned when lower-casing would grow the string (İ)', () => {
    const f = foldWithOffsets('İstanbul ok');
    expect(f.text.endsWith(' ok')).toBe(true);
    expect(originalOffset(f, f.text.length)).toBe('İstanbul ok'.length);
  });

  it('folds typographic apostrophes and exotic spaces', () => {
    expect(foldText('Don’t\u00a0work')).toBe("don't work");
  });
});

describe('splitWords', () => {
  const words = (s: string) => splitWords(foldText(s)).map((w) => w.word);
  const soft = (s: string) => splitWords(foldText(s)).map((w) => w.soft);

  it('splits on blanks and punctuation, keeping inner apostrophes', () => {
    expect(words("No anda, don't work; mba'e")).toEqual(['no', 'anda', "don't", 'work', "mba'e"]);
  });

  it('splits between letters and digits so "100mbps" and "100 mbps" agree', () => {
    expect(words('100mbps 4G')).toEqual(['100', 'mbps', '4', 'g']);
  });

  it('marks words joined by blanks, hyphens or quotes as soft, after punctuation as hard', () => {
    expect(soft('wi-fi no. anda "bien" 👍 ok')).toEqual([false, true, true, false, true, false]);
  });

  it('reports offsets into the folded text', () => {
    const [w] = splitWords('  hola');
    expect(w).toMatchObject({ start: 2, end: 6 });
  });
});

describe('prepareText', () => {
  it('folds and splits once, and asPrepared passes prepared input through', () => {
    const p = prepareText('Señal MALA');
    expect(p.folded.text).toBe('senal mala');
    expect(p.words.map((w) => w.word)).toEqual(['senal', 'mala']);
    expect(asPrepared(p)).toBe(p);
    expect(asPrepared('Señal MALA')).toEqual(p);
  });
});

describe('normalizeForHash', () => {
  it('ignores case, accents, elongation, punctuation and repeated emoji', () => {
    expect(normalizeForHash('¡¡Pésimo   SERVICIOOO!! 😡😡😡')).toBe(normalizeForHash('pesimo servicio 😡'));
    expect(normalizeForHash('  Hola,   mundo. ')).toBe('hola mundo');
  });
});

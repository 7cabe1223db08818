import { foldText, tokenize } from './text.tokenizer';

describe('tokenize', () => {
  const norms = (text: string) => tokenize(text).map((t) => t.norm);

  it('folds case and accents, including ñ', () => {
    expect(norms('Atención SEÑAL Pésimo')).toEqual(['atencion', 'senal', 'pesimo']);
    expect(foldText('ÁÉÍÓÚÜÑ')).toBe('aeiouun');
  });

  it('folds decomposed (NFD) accents too', () => {
    expect(norms('atencio\u0301n')).toEqual(['atencion']);
  });

  it('collapses letter elongation and flags it', () => {
    const [t] = tokenize('lentooooo');
    expect(t).toMatchObject({ norm: 'lento', alt: 'lentoo', elongated: true });
    expect(tokenize('calle')[0].elongated).toBe(false);
  });

  it('flags words in capitals', () => {
    expect(tokenize('es PÉSIMO').map((t) => t.caps)).toEqual([false, true]);
    expect(tokenize('A')[0].caps).toBe(false);
  });

  it('keeps emoticons and emoji as tokens with valence', () => {
    const tokens = tokenize('bien :) mal :( 👍🏽 ❤️');
    expect(tokens.filter((t) => t.kind === 'emoji').map((t) => [t.norm, Math.sign(t.valence)])).toEqual([
      [':)', 1],
      [':(', -1],
      ['👍', 1],
      ['❤', 1],
    ]);
  });

  it('does not see emoticons in times or URLs', () => {
    expect(tokenize('a las 10:30 en http://x.com/a').some((t) => t.kind === 'emoji')).toBe(false);
  });

  it('keeps clause punctuation', () => {
    expect(norms('no, anda!\nok')).toEqual(['no', ',', 'anda', '!', '\n', 'ok']);
  });
});

import { prepareText } from '../text-normalize';
import { qualityFlags } from './quality.checker';
import { normalizedTextHash } from './text-hash.util';

describe('qualityFlags', () => {
  const flags = (text: string) => qualityFlags(text).flags;

  it('raises nothing for an ordinary comment', () => {
    expect(qualityFlags('El internet anda lento desde ayer, nadie me atiende')).toEqual({ flags: [] });
  });

  it.each([
    ['ok', ['too_short']],
    ['👍', ['too_short', 'no_letters']],
    ['.', ['too_short', 'no_letters']],
    ['12345', ['no_letters']],
    ['mal', []],
  ])('length and letters: "%s" → %j', (text, expected) => {
    expect(flags(text)).toEqual(expected);
  });

  it('honours minChars', () => {
    expect(qualityFlags('malo', { minChars: 5 }).flags).toEqual(['too_short']);
  });

  it.each(['aaaaaaa', 'Lentooooooo', 'No anda!!!!!!', '😡😡😡😡😡😡', 'jajajajaja', 'asdasdasdasd'])('repeated_chars: "%s"', (text) => {
    expect(flags(text)).toContain('repeated_chars');
  });

  it.each(['Lentooo', 'No anda!!!', 'jaja', 'Gs. 1000000'])('no repeated_chars for ordinary emphasis: "%s"', (text) => {
    expect(flags(text)).not.toContain('repeated_chars');
  });

  it.each(['muy muy muy lento', 'malo malo malo', 'bueno bueno bueno bueno bueno malo'])('repeated_words: "%s"', (text) => {
    expect(flags(text)).toContain('repeated_words');
  });

  it('no repeated_words for natural repetition', () => {
    expect(flags('muy muy lento')).not.toContain('repeated_words');
    expect(flags('lento, lento y caro pero el técnico fue amable')).not.toContain('repeated_words');
  });

  describe('spam', () => {
    it.each([
      ['promotion', 'Gana dinero fácil desde tu casa, escribime'],
      ['English promotion', 'Make money online, click here'],
      ['two links', 'mirá http://a.xyz y http://b.xyz'],
      ['a link with weak cues', 'Promo gratis en www.ofertas.com'],
      ['shouting with a link', 'ENTRÁ YA A ESTA PÁGINA WWW.GANAR.COM'],
      ['repeated text', 'compren ya en la tienda compren ya en la tienda compren ya en la tienda'],
    ])('flags %s', (_, text) => {
      expect(flags(text)).toContain('spam');
    });

    it.each([
      ['a single pasted speed test', 'Miren https://www.speedtest.net/result/123 no llega a 10 megas'],
      ['a mention of a free month', 'Me dieron un mes gratis pero sigue lento'],
      ['shouting without links', 'EL INTERNET NO ANDA HACE TRES DIAS'],
    ])('does not flag %s', (_, text) => {
      expect(flags(text)).not.toContain('spam');
    });
  });

  describe('profanity', () => {
    it.each([
      'Es una mierda',
      'LA PUTA MADRE, otra vez sin internet',
      'son unos pelotudos',
      'hdp no me atienden',
      'Nde rakore la empresa',
      'añamemby',
      'what the fuck',
      'This is fucking bullshit',
      'p*ta madre',
      'una m1erda',
      'MIERDAAAA',
    ])('flags "%s"', (text) => {
      expect(flags(text)).toContain('profanity');
    });

    it.each([
      'Scunthorpe',
      'Mi computadora no conecta',
      'Es una disputa por la factura',
      'Hice el cálculo del consumo',
      'classic assessment of the shiitake',
      'El cono de señal',
      'Una concha en la playa',
      'Compré un forro para el celular',
      'El pedido está retrasado',
      'Paso la factura',
      'hijo de vecino',
    ])('does not flag "%s"', (text) => {
      expect(flags(text)).not.toContain('profanity');
    });
  });

  it('accepts a prepared text', () => {
    const text = 'MIERDA!!!!!! www.x.com gratis promo';
    expect(qualityFlags(prepareText(text), { normalizedHash: true })).toEqual(qualityFlags(text, { normalizedHash: true }));
  });

  it('returns the normalised hash on request', () => {
    expect(qualityFlags('¡Pésimo!', { normalizedHash: true })).toEqual({ flags: [], normalizedHash: normalizedTextHash('pesimo') });
  });

  it('stays fast on adversarial input', () => {
    const nasty = ['a-'.repeat(10_000), 'a'.repeat(20_000), 'ja'.repeat(10_000), '1a'.repeat(10_000), 'x '.repeat(10_000)];
    const t0 = Date.now();
    for (const text of nasty) qualityFlags(text, { normalizedHash: true });
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

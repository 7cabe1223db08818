import { prepareText } from '../text-normalize';
import { ISP_DEFAULT_TAXONOMY } from './isp-default.taxonomy';
import { splitSentences } from './sentence.splitter';
import { InvalidTaxonomyError } from './taxonomy.errors';
import { compileTaxonomy, matchThemes } from './theme.matcher';
import type { Taxonomy } from './theme.types';

describe('matchThemes with the default ISP taxonomy', () => {
  const sut = compileTaxonomy(ISP_DEFAULT_TAXONOMY);
  const ids = (text: string) => matchThemes(text, sut).map((h) => h.themeId);

  it.each([
    ['El internet anda re lentooo', 'speed'],
    ['La velosidad no llega a los 100mbps', 'speed'],
    ['Se corta a cada rato, sin internet desde ayer', 'outages'],
    ['Me cobraron de más en la factura', 'price-billing'],
    ['Muy caro para lo que ofrecen', 'price-billing'],
    ['Nadie atiende en el call center', 'customer-support'],
    ['El tegnico nunca vino a instalar', 'installation'],
    ['No hay señal en mi barrio', 'coverage'],
    ['El ruter tiene la luz roja', 'equipment-wifi'],
    ['Quiero dar de baja el servicio', 'contract-cancellation'],
    ['Me dieron de baja sin avisar', 'contract-cancellation'],
    ['The internet is so slow', 'speed'],
    ['Keeps dropping every evening', 'outages'],
    ['I was overcharged on my bill', 'price-billing'],
    ['Customer service put me on hold for an hour', 'customer-support'],
    ['The technician didn’t show up', 'installation'],
    ['No signal in my area', 'coverage'],
    ['Had to reboot the router again', 'equipment-wifi'],
    ['I want to cancel my contract', 'contract-cancellation'],
    ['Ndaipori internet hoy', 'outages'],
    ['Hepyeterei la internet', 'price-billing'],
  ])('finds a theme in "%s"', (text, theme) => {
    expect(ids(text)).toContain(theme);
  });

  it('is case- and accent-insensitive and reports evidence in the original text', () => {
    const text = 'La ATENCIÓN al CLIENTE es pésima';
    const [hit] = matchThemes(text, sut);
    expect(hit).toMatchObject({ themeId: 'customer-support', label: 'Customer support', sentenceIndex: null });
    expect(hit.evidence).toEqual([{ start: 3, end: 22, text: 'ATENCIÓN al CLIENTE' }]);
    expect(text.slice(hit.evidence[0].start, hit.evidence[0].end)).toBe(hit.evidence[0].text);
  });

  it('keeps UTF-16 offsets right after emoji and decomposed accents', () => {
    const text = '😡😡 atencio\u0301n pésima, y el wifi 📶 no anda';
    for (const hit of matchThemes(text, sut)) {
      for (const ev of hit.evidence) expect(text.slice(ev.start, ev.end)).toBe(ev.text);
    }
    const wifi = matchThemes(text, sut).find((h) => h.themeId === 'equipment-wifi');
    expect(wifi?.evidence[0].text).toBe('wifi');
  });

  it('highlights the whole elongated word', () => {
    const hit = matchThemes('lentooooo', sut)[0];
    expect(hit.evidence[0]).toEqual({ start: 0, end: 9, text: 'lentooooo' });
  });

  it('matches whole words only', () => {
    expect(ids('Carolina me ayudó')).not.toContain('price-billing'); // "caro" inside "Carolina"
    expect(ids('Un planeta')).not.toContain('contract-cancellation'); // "plan" inside "planeta"
  });

  it('matches "*" stems on any ending but not shorter words', () => {
    expect(ids('La facturación llegó mal')).toContain('price-billing');
    expect(ids('Facturaron dos veces')).toContain('price-billing');
    expect(ids('la fact')).not.toContain('price-billing');
  });

  it('does not continue a phrase across clause punctuation', () => {
    expect(matchThemes('No tengo internet', sut)[0].evidence[0].text).toBe('No tengo internet');
    expect(ids('No tengo. Internet')).not.toContain('outages');
  });

  it('prefers the longest keyword and never overlaps evidence of one theme', () => {
    const hit = matchThemes('Quiero hablar con atención al cliente', sut).find((h) => h.themeId === 'customer-support');
    expect(hit?.evidence.map((e) => e.text)).toEqual(['atención al cliente']);
  });

  it('reports one hit per theme per sentence when sentences are given', () => {
    const text = 'El internet anda lento. La atención fue buena. Pero sigue lento!';
    const hits = matchThemes(text, sut, splitSentences(text));
    expect(hits.map((h) => [h.themeId, h.sentenceIndex])).toEqual([
      ['speed', 0],
      ['customer-support', 1],
      ['speed', 2],
    ]);
  });

  it('groups repeated evidence into one hit without sentences', () => {
    const hits = matchThemes('lento, lento y lento', sut);
    expect(hits).toHaveLength(1);
    expect(hits[0].evidence.map((e) => e.start)).toEqual([0, 7, 15]);
  });

  it('accepts a prepared text', () => {
    const text = 'El wifi anda lento';
    expect(matchThemes(prepareText(text), sut)).toEqual(matchThemes(text, sut));
  });

  it('returns nothing for empty or unrelated text', () => {
    expect(matchThemes('', sut)).toEqual([]);
    expect(matchThemes('Hola, buenas tardes', sut)).toEqual([]);
  });
});

describe('compileTaxonomy', () => {
  const taxonomy = (themes: Taxonomy['themes']): Taxonomy => ({ id: 'custom', name: 'Custom', version: '1', themes });

  it('compiles user keywords and safe patterns', () => {
    const sut = compileTaxonomy(
      taxonomy([
        { id: 'app', label: 'App', keywords: { es: ['aplicacion', 'app movil'] }, patterns: ['mi (cuenta|perfil)'] },
      ]),
    );
    expect(matchThemes('La App Móvil no abre', sut)[0].evidence[0].text).toBe('App Móvil');
    expect(matchThemes('No puedo entrar a mi cuenta', sut)[0].evidence[0].text).toBe('mi cuenta');
    expect(matchThemes('mi cuentas', sut)).toEqual([]); // patterns are word-bounded too
  });

  it('lets one keyword belong to several themes', () => {
    const sut = compileTaxonomy(
      taxonomy([
        { id: 'a', label: 'A', keywords: { en: ['router'] } },
        { id: 'b', label: 'B', keywords: { en: ['router'] } },
      ]),
    );
    expect(matchThemes('router', sut).map((h) => h.themeId)).toEqual(['a', 'b']);
  });

  it('throws InvalidTaxonomyError listing the issues', () => {
    const bad = taxonomy([{ id: 'Bad Id', label: 'x', keywords: { es: ['ok'] } }]);
    expect(() => compileTaxonomy(bad)).toThrow(InvalidTaxonomyError);
    try {
      compileTaxonomy(bad);
    } catch (e) {
      expect((e as InvalidTaxonomyError).issues[0]).toMatchObject({ path: 'themes[0].id', code: 'invalid_slug' });
    }
  });
});

import { ISP_DEFAULT_TAXONOMY } from './isp-default.taxonomy';
import { analyzePattern, checkPattern, parseKeyword, TAXONOMY_LIMITS, validateTaxonomy } from './taxonomy.validator';

describe('validateTaxonomy', () => {
  const valid = () => ({
    id: 'my-taxonomy',
    name: 'Mine',
    version: '2024.1',
    themes: [{ id: 'speed', label: 'Speed', keywords: { es: ['lento'], en: ['slow'] }, patterns: ['\\d{1,4} ?mbps'] }],
  });
  const codes = (input: unknown) => validateTaxonomy(input).map((i) => `${i.path}:${i.code}`);

  it('accepts the built-in taxonomy and a minimal valid one', () => {
    expect(validateTaxonomy(ISP_DEFAULT_TAXONOMY)).toEqual([]);
    expect(validateTaxonomy(valid())).toEqual([]);
  });

  it('rejects non-objects and missing fields', () => {
    expect(codes(null)).toEqual([':invalid_type']);
    expect(codes({})).toEqual(['id:required', 'name:required', 'version:required', 'themes:required']);
  });

  it.each(['Speed', 'speed!', '-speed', 'sp--eed', 'a'.repeat(65)])('rejects the id "%s"', (id) => {
    expect(codes({ ...valid(), id })).toHaveLength(1);
  });

  it('rejects duplicate theme ids, bad language keys and empty themes', () => {
    const t = valid();
    const input = {
      ...t,
      themes: [t.themes[0], { ...t.themes[0], patterns: undefined }, { id: 'x', label: 'X', keywords: { spanish: ['a b'] } }, { id: 'y', label: 'Y', keywords: {} }],
    };
    expect(codes(input)).toEqual(['themes[1].id:duplicate', 'themes[2].keywords.spanish:invalid_language', 'themes[3]:empty_theme']);
  });

  it('rejects bad keywords', () => {
    const input = { ...valid(), themes: [{ id: 's', label: 'S', keywords: { es: ['', '!!!', 'a*', 'uno dos tres cuatro cinco seis siete', 42, 'fa*ctura'] } }] };
    expect(codes(input)).toEqual([
      'themes[0].keywords.es[0]:invalid_keyword',
      'themes[0].keywords.es[1]:invalid_keyword',
      'themes[0].keywords.es[2]:invalid_keyword',
      'themes[0].keywords.es[3]:invalid_keyword',
      'themes[0].keywords.es[4]:invalid_type',
      'themes[0].keywords.es[5]:invalid_keyword',
    ]);
  });

  it('enforces count limits', () => {
    const many = Array.from({ length: TAXONOMY_LIMITS.maxThemes + 1 }, (_, i) => ({ id: `t${i}`, label: 'T', keywords: { es: ['x'] } }));
    expect(codes({ ...valid(), themes: many })).toEqual(['themes:too_many']);
    const kws = Array.from({ length: TAXONOMY_LIMITS.maxKeywordsPerTheme + 1 }, (_, i) => `w${i}`);
    expect(codes({ ...valid(), themes: [{ id: 'a', label: 'A', keywords: { es: kws } }] })).toEqual(['themes[0].keywords:too_many']);
  });

  it('caps the number of issues reported', () => {
    const kws = Array.from({ length: 500 }, () => '');
    expect(validateTaxonomy({ ...valid(), themes: [{ id: 'a', label: 'A', keywords: { es: kws } }] })).toHaveLength(TAXONOMY_LIMITS.maxIssues);
  });
});

describe('parseKeyword', () => {
  it('folds words and marks "*" stems', () => {
    expect(parseKeyword(' Facturación  ')).toEqual([{ text: 'facturacion', prefix: false }]);
    expect(parseKeyword('cobr* de más')).toEqual([
      { text: 'cobr', prefix: true },
      { text: 'de', prefix: false },
      { text: 'mas', prefix: false },
    ]);
    expect(parseKeyword('Wi-Fi')).toEqual([
      { text: 'wi', prefix: false },
      { text: 'fi', prefix: false },
    ]);
  });
});

describe('pattern safety', () => {
  it.each([
    'no (me )?funciona',
    '\\d{1,4} ?(mb|mbps|megas)',
    '(dar|darme|doy) de baja',
    'caid[ao]s?',
    'se (cae|corta)(n)? (todo el dia|siempre)',
    '[a-z]{2,10}@',
    '\\p{L}{3}',
  ])('accepts the safe pattern %s', (p) => {
    expect(checkPattern(p)).toBeNull();
  });

  it.each([
    ['(a+)+b', 'unbounded'],
    ['(a|a)*', 'unbounded'],
    ['\\w*x', 'unbounded'],
    ['a{2,}', 'unbounded'],
    ['(ab){2,5}', 'repeats a group'],
    ['(a)\\1', 'backreference'],
    ['(?=a)b', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['a{1,50}', 'more than'],
    ['Lento', 'lower case'],
    ['atención', 'lower case'],
    ['(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b)', 'too ambiguous'],
    ['(abc', 'unclosed'],
    ['abc)', 'unbalanced'],
    ['(x)?', 'empty string'],
    ['a'.repeat(201), 'longer than'],
    ['[z-a]', 'does not compile'],
  ])('rejects %s (%s)', (p, reason) => {
    expect(checkPattern(p)).toContain(reason);
  });

  it('counts the ways a pattern can match', () => {
    expect(analyzePattern('abc').paths).toBe(1);
    expect(analyzePattern('(a|b)?c').paths).toBe(3);
    expect(analyzePattern('a{1,3}(x|y)').paths).toBe(6);
  });
});

import { SpanishSentimentAnalyzer } from './spanish-sentiment.analyzer';

describe('SpanishSentimentAnalyzer', () => {
  const sut = new SpanishSentimentAnalyzer();
  const one = (text: string) => sut.analyze([text])[0];
  const score = (text: string) => one(text).score;

  it('labels the ISP reference complaint negative', () => {
    expect(one('El internet anda muy lento y nadie me atiende').label).toBe('negative');
  });

  it.each([
    ['El servicio es bueno', 'El servicio no es bueno'],
    ['Me gustó', 'No me gustó'],
    ['La atención es excelente', 'La atención nunca es excelente'],
  ])('negation flips "%s" / "%s"', (affirmed, negated) => {
    expect(one(affirmed).label).toBe('positive');
    expect(one(negated).label).toBe('negative');
  });

  it('negating a negative word gives a positive reading ("sin problemas", "no está mal")', () => {
    expect(one('Funciona sin problemas').label).toBe('positive');
    expect(score('No está mal')).toBeGreaterThan(0);
  });

  it('treats negative concord ("no … nada", "nunca nadie") as one negation', () => {
    expect(one('No me gustó nada').label).toBe('negative');
    expect(one('Nunca nadie me atiende').label).toBe('negative');
  });

  it.each([
    ['funciona', 'no funciona'],
    ['anda', 'no anda'],
    ['tengo señal', 'sin señal'],
    ['llegó el técnico', 'nunca llegó el técnico'],
    ['atienden el teléfono', 'nadie atiende el teléfono'],
  ])('the absence of what a customer expects is a complaint: "%s" / "%s"', (present, absent) => {
    expect(score(present)).toBeGreaterThanOrEqual(0);
    expect(one(absent).label).toBe('negative');
  });

  it.each(['Se corta a cada rato', 'Se me corta todo el tiempo', 'Me cobraron de más', 'El internet está muy lento', 'Dejó de funcionar'])(
    'recognises the ISP complaint "%s"',
    (text) => {
      expect(one(text).label).toBe('negative');
    },
  );

  it('weights the clause after a contrast more ("pero", "sin embargo", mid-sentence "aunque")', () => {
    expect(one('Es barato pero se corta todo el tiempo').label).toBe('negative');
    expect(one('Se corta a veces, pero la atención es excelente').label).toBe('positive');
    expect(one('Es caro, sin embargo funciona perfecto').label).toBe('positive');
    expect(one('Anda bien aunque es muy lento').label).toBe('negative');
  });

  it('down-weights a leading concessive clause ("Aunque es caro, …")', () => {
    expect(one('Aunque es caro, funciona perfecto').label).toBe('positive');
  });

  it('intensifiers strengthen and diminishers weaken', () => {
    expect(score('muy lento')).toBeLessThan(score('lento'));
    expect(score('súper rápido')).toBeGreaterThan(score('rápido'));
    expect(score('re lento')).toBeLessThan(score('lento'));
    expect(score('demasiado caro')).toBeLessThan(score('caro'));
    expect(score('bastante bueno')).toBeGreaterThan(score('bueno'));
    expect(score('algo lento')).toBeGreaterThan(score('lento'));
    expect(score('un poco lento')).toBeGreaterThan(score('lento'));
    expect(score('un poco lento')).toBeLessThan(0);
    expect(score('me gustó mucho')).toBeGreaterThan(score('me gustó'));
  });

  it('bare "poco" before praise means "not" ("poco útil")', () => {
    expect(one('útil').label).toBe('positive');
    expect(one('poco útil').label).toBe('negative');
    expect(one('la batería dura poco').label).toBe('negative');
  });

  it('exclamation marks and capitals add emphasis', () => {
    expect(score('Es pésimo!!!')).toBeLessThan(score('Es pésimo'));
    expect(score('El servicio es PÉSIMO')).toBeLessThan(score('El servicio es pésimo'));
  });

  it('reads emoji and emoticons', () => {
    expect(one('el servicio 👍').label).toBe('positive');
    expect(one('otra vez sin internet 😡').label).toBe('negative');
    expect(score('anda bien :)')).toBeGreaterThan(score('anda bien'));
    expect(one('hoy :(').label).toBe('negative');
  });

  it('handles letter elongation as the word plus emphasis', () => {
    expect(one('lentooo').label).toBe('negative');
    expect(score('lentooooo')).toBeLessThan(score('lento'));
    expect(one('buenisimooo').label).toBe('positive');
  });

  it('matches without accents and with ñ typed as n', () => {
    expect(score('pesima atencion')).toBeCloseTo(score('pésima atención'), 6);
    expect(score('sin senal')).toBeCloseTo(score('sin señal'), 6);
  });

  it('expands chat abbreviations', () => {
    expect(score('tmb se corta')).toBeCloseTo(score('también se corta'), 6);
    expect(one('no anda xq no hay señal').label).toBe('negative');
    expect(one('nd funciona').label).toBe('negative');
  });

  it('reads superlatives and -mente adverbs through their base word', () => {
    expect(score('carísimo')).toBeLessThan(score('caro'));
    expect(one('funciona perfectamente').label).toBe('positive');
  });

  it('turns praise under a counterfactual into a complaint ("debería funcionar")', () => {
    expect(one('debería funcionar').label).toBe('negative');
  });

  it('calls balanced praise and complaint neutral-leaning', () => {
    const mixed = one('Es bueno. Es malo.');
    expect(mixed.scores.neutral).toBeGreaterThan(one('Es bueno.').scores.neutral);
  });

  it('returns neutral for text without sentiment', () => {
    expect(one('Mi número de cliente es 12345').label).toBe('neutral');
    expect(one('').label).toBe('neutral');
  });

  it('returns well-formed results in batch order', () => {
    const results = sut.analyze(['excelente', 'pésimo', 'hola']);
    expect(results.map((r) => r.label)).toEqual(['positive', 'negative', 'neutral']);
    for (const r of results) {
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.scores.positive + r.scores.neutral + r.scores.negative).toBeCloseTo(1, 3);
      expect(r.confidence).toBe(r.scores[r.label]);
    }
  });
});

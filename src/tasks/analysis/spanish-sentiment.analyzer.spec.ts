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

  it('calls strong praise and strong complaint in balance mixed, weak ones neutral', () => {
    expect(one('Es bueno. Es malo.').label).toBe('mixed');
    expect(one('La pantalla es excelente, la batería es pésima').label).toBe('mixed');
    // The contrast still decides when one side clearly wins after it.
    expect(one('Es barato pero se corta todo el tiempo').label).toBe('negative');
  });

  it('labels each sentence and lets a sentence-initial "Pero" down-weight the one before', () => {
    const text = 'Excelente atención. Pero se corta todo el día.';
    const contrasted = one(text);
    expect(contrasted.sentences?.map((s) => [s.text, s.label])).toEqual([
      ['Excelente atención.', 'positive'],
      ['Pero se corta todo el día.', 'negative'],
    ]);
    for (const s of contrasted.sentences ?? []) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(contrasted.score).toBeLessThan(score('Excelente atención. Se corta todo el día.'));
  });

  it('keeps a trailing emoji in the sentence before it', () => {
    expect(one('no anda?? 😡').sentences).toBeUndefined();
  });

  it('"lo único …" concedes a minor flaw, unlike "pero"', () => {
    expect(one('Excelente servicio, lo único es que a veces se corta').label).toBe('positive');
    expect(one('Excelente servicio, pero a veces se corta').label).not.toBe('positive');
  });

  it('"solo" before an expected action reports a partial failure', () => {
    expect(score('funciona un lado')).toBeGreaterThanOrEqual(0);
    expect(one('solo funciona un lado').label).toBe('negative');
    expect(one('sólo enciende la mitad').label).toBe('negative');
  });

  it('a verb of lack is a complaint even when what is missing is unknown', () => {
    expect(one('venía el cartucho').label).toBe('neutral');
    expect(one('faltaba el cartucho').label).toBe('negative');
  });

  it('expected nouns read "poco", "sin" and "no tiene"', () => {
    expect(one('la calidad').label).toBe('neutral');
    expect(one('poca calidad').label).toBe('negative');
    expect(one('sin instrucciones').label).toBe('negative');
    expect(one('no tiene potencia').label).toBe('negative');
  });

  it('a clause-final "no" after a contrast denies the praised predicate', () => {
    expect(one('la cámara funciona bien y la pantalla también').label).toBe('positive');
    expect(score('la cámara funciona bien pero la pantalla no')).toBeLessThan(0);
  });

  it('"no me lo esperaba" negates the expectation, not the complaint', () => {
    expect(one('No me lo esperaba tan malo').label).toBe('negative');
  });

  it('"fácil de" + a bad outcome is a complaint', () => {
    expect(one('fácil de usar').label).toBe('positive');
    expect(one('fácil de romper').label).toBe('negative');
  });

  it('reads diminutives through their base word', () => {
    expect(score('flojito')).toBeCloseTo(score('flojo'), 6);
  });

  it('lukewarm words lean neutral without hiding clear praise', () => {
    expect(one('correcto').label).toBe('neutral');
    expect(one('ni fu ni fa').label).toBe('neutral');
    expect(one('correcto y muy rápido, excelente').label).toBe('positive');
  });

  it.each(['Me cobraron de más y nadie atiende', 'Sin señal desde ayer', 'Se corta cada cinco minutos', 'No anda el wifi, una vergüenza'])(
    'recognises the customer-service complaint "%s"',
    (text) => {
      expect(one(text).label).toBe('negative');
    },
  );

  it('reads abbreviations, missing accents and elongation together', () => {
    expect(one('q atencion d mierda').label).toBe('negative');
    expect(score('pesimooo el servicio xq no anda')).toBeLessThan(score('pésimo el servicio'));
  });

  it('"sin" + a definite article names a missing thing; "sin problemas" stays praise', () => {
    expect(one('Llegó sin el cargador').label).toBe('negative');
    expect(one('Llegó sin el pincel').label).toBe('negative');
    // The missing thing's own valence does not flip the complaint ("sin los agujeros" for drainage).
    expect(one('Las macetas llegaron sin los agujeros').label).toBe('negative');
    expect(one('Funcionó sin el menor problema').label).toBe('positive');
    expect(one('Funcionó sin problemas').label).toBe('positive');
  });

  it('reads "dejando de" like "dejó de" and perfect-tense failures ("se ha desprendido")', () => {
    expect(one('Han ido dejando de funcionar').label).toBe('negative');
    expect(one('Siguen funcionando').label).not.toBe('negative');
    expect(one('El botón se ha desprendido').label).toBe('negative');
    expect(one('Se me han roto las dos').label).toBe('negative');
    expect(one('Lo he desprendido con cuidado').label).toBe('neutral');
  });

  it('compares with expectations: "más pequeño de lo esperado" vs "mejor de lo esperado" vs "antes de lo esperado"', () => {
    expect(one('Es más pequeño de lo esperado').label).toBe('negative');
    expect(one('Es mejor de lo esperado').label).toBe('positive');
    expect(one('Llegó antes de lo esperado').label).toBe('positive');
    expect(one('Es lo esperado').label).toBe('positive');
    expect(one('Me esperaba otra cosa').label).toBe('negative');
  });

  it('"gusto" the noun is not "(me) gustó"', () => {
    expect(one('me gusto mucho').label).toBe('positive');
    expect(score('Para mi gusto es grande')).toBeLessThanOrEqual(0);
    expect(one('Un diseño de mal gusto').label).toBe('negative');
  });

  it('achievement and fit verbs read their negation as a failure', () => {
    expect(one('No lo he conseguido').label).toBe('negative');
    expect(one('No se escucha nada').label).toBe('negative');
    expect(one('No cubre toda la pantalla').label).toBe('negative');
    expect(one('No es compatible con mi teléfono').label).toBe('negative');
    expect(one('Es compatible con mi teléfono').label).not.toBe('negative');
  });

  it('star talk: five stars is praise, "no le doy 5 estrellas" only a reservation, one star a complaint', () => {
    expect(one('5 estrellas').label).toBe('positive');
    expect(score('No le doy 5 estrellas')).toBeGreaterThan(score('Le doy una estrella'));
    expect(one('Le doy una estrella').label).toBe('negative');
  });

  it('returns neutral for text without sentiment', () => {
    expect(one('Mi número de cliente es 12345').label).toBe('neutral');
    expect(one('').label).toBe('neutral');
  });

  it('returns well-formed results in batch order', () => {
    const results = sut.analyze(['excelente', 'pésimo', 'hola', 'Es bueno. Es malo.']);
    expect(results.map((r) => r.label)).toEqual(['positive', 'negative', 'neutral', 'mixed']);
    for (const r of results) {
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.scores.positive + r.scores.neutral + r.scores.negative + (r.scores.mixed ?? 0)).toBeCloseTo(1, 3);
      expect(r.confidence).toBe(r.scores[r.label]);
    }
  });
});

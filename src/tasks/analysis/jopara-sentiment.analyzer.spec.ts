import { JoparaSentimentAnalyzer } from './jopara-sentiment.analyzer';

describe('JoparaSentimentAnalyzer', () => {
  const sut = new JoparaSentimentAnalyzer();
  const one = (text: string) => sut.analyze([text])[0];

  it('scores the Spanish part of Jopara with the Spanish rules', () => {
    expect(one('la atención es pésima ha nadie atiende').label).toBe('negative');
    expect(one('excelente la atención, aguyje').label).toBe('positive');
  });

  it.each([
    ['la internet ofunciona', 'la internet ndofuncionái'],
    ['la señal', 'oñecorta la señal'],
    ['la señal', 'ndaipóri señal'],
  ])('reads Guarani verb morphology on Spanish stems: "%s" / "%s"', (fine, complaint) => {
    expect(one(fine).score).toBeGreaterThanOrEqual(0);
    expect(one(complaint).label).toBe('negative');
  });

  it('the nd…i circumfix negates like "no" ("ndofuncionái" = "no funciona")', () => {
    expect(one('ndofuncionái').score).toBeCloseTo(one('no funciona').score, 6);
  });

  it('reads Guarani evaluative words and the -iterei intensifier', () => {
    expect(one('iporã la atención').label).toBe('positive');
    expect(one('ivai el servicio').label).toBe('negative');
    expect(one('iporãiterei la atención').score).toBeGreaterThan(one('iporã la atención').score);
  });

  it('treats "ha" as the conjunction "and", closing the negation scope', () => {
    // As the Spanish auxiliary, "ha" would let "no" reach "iporã" (bueno).
    expect(one('no ha iporã').label).toBe('positive');
  });

  it('keeps offsets on the original text', () => {
    const text = "Ndofuncionái la internet. Iporã la atención.";
    const r = one(text);
    expect(r.sentences?.map((s) => s.label)).toEqual(['negative', 'positive']);
    for (const s of r.sentences ?? []) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('returns neutral for Guarani without evaluative words', () => {
    expect(one("Ha'e oiko Asunción-pe").label).toBe('neutral');
  });
});

import type { AnalysisEngine } from './analysis.types';
import { LOCAL_ENGINE_VERSION, createLocalEngine, normalizeLanguageHint } from './local-engine';

describe('createLocalEngine', () => {
  let sut: AnalysisEngine;

  beforeAll(async () => {
    sut = await createLocalEngine();
  });

  it('analyses the reference Spanish complaint as es / negative', () => {
    const [r] = sut.analyze([{ text: 'El internet anda muy lento y nadie me atiende' }]);
    expect(r.language.code).toBe('es');
    expect(r.sentiment.label).toBe('negative');
  });

  it('analyses English with the VADER-based analyzer', () => {
    const [r] = sut.analyze([{ text: 'The support team was friendly and fixed my connection quickly' }]);
    expect(r.language.code).toBe('en');
    expect(r.sentiment.label).toBe('positive');
    expect(r.engine.analyzers.map((a) => a.name)).toEqual(['sentir-gn-langid', 'eld', 'sentir-en-vader']);
  });

  it('detects Guarani first and routes it to the Jopara analyzer', () => {
    const [jopara, guarani] = sut.analyze([
      { text: 'La internet ndofuncionái desde ayer, ndaje oĩ problema en la zona' },
      { text: "Mba'éichapa, che róga oĩ Asunción-pe" },
    ]);
    expect(jopara.language).toMatchObject({ code: 'gn', mixed: ['gn', 'es'] });
    expect(jopara.sentiment.label).toBe('negative');
    expect(jopara.engine.analyzers.map((a) => a.name)).toEqual(['sentir-gn-langid', 'sentir-gn-jopara']);
    expect(guarani.language.code).toBe('gn');
    expect(guarani.language.mixed).toBeUndefined();
  });

  it('respects a language hint: no detection, confidence 1', () => {
    const [hinted, auto] = sut.analyze([{ text: 'lento', language: 'es' }, { text: 'lento', language: 'auto' }]);
    expect(hinted.language).toEqual({ code: 'es', confidence: 1 });
    expect(hinted.sentiment.label).toBe('negative');
    expect(hinted.engine.analyzers.map((a) => a.name)).toEqual(['sentir-es-lexicon']);
    expect(auto.engine.analyzers[0].name).toBe('sentir-gn-langid');
  });

  it('reduces BCP 47 hints to the primary language and ignores unreadable ones', () => {
    expect(normalizeLanguageHint('es-PY')).toBe('es');
    expect(normalizeLanguageHint(' EN ')).toBe('en');
    expect(normalizeLanguageHint('auto')).toBeUndefined();
    expect(normalizeLanguageHint('')).toBeUndefined();
    expect(normalizeLanguageHint('spanish!')).toBeUndefined();
  });

  it("returns 'und' for very short text and uses the low-confidence fallback", () => {
    const [r] = sut.analyze([{ text: 'ok' }]);
    expect(r.language.code).toBe('und');
    expect(r.sentiment.label).toBe('neutral');
    expect(r.sentiment.confidence).toBeLessThan(0.5);
    expect(r.engine.analyzers.map((a) => a.name)).toEqual(['sentir-gn-langid', 'eld', 'sentir-lexicon-langid', 'emoji-fallback']);
  });

  it('places short comments eld is unsure about with the lexicon detector', () => {
    const results = sut.analyze([{ text: 'No anda' }, { text: 'Excelente' }, { text: 'gracias' }, { text: 'todo bien' }]);
    expect(results.map((r) => r.language.code)).toEqual(['es', 'es', 'es', 'es']);
    expect(results.map((r) => r.sentiment.label)).toEqual(['negative', 'positive', 'positive', 'positive']);
    expect(results[0].engine.analyzers.map((a) => a.name)).toEqual(['sentir-gn-langid', 'eld', 'sentir-lexicon-langid', 'sentir-es-lexicon']);
  });

  it('still reads emoji when the language is unknown', () => {
    const [up, down] = sut.analyze([{ text: '👍' }, { text: '😡😡' }]);
    expect(up.sentiment.label).toBe('positive');
    expect(down.sentiment.label).toBe('negative');
    expect(up.sentiment.confidence).toBeLessThan(0.7);
  });

  it('falls back for languages without a sentiment analyzer', () => {
    const [r] = sut.analyze([{ text: 'Le service est excellent', language: 'fr' }]);
    expect(r.language.code).toBe('fr');
    expect(r.sentiment.label).toBe('neutral');
    expect(r.engine.analyzers).toEqual([{ name: 'emoji-fallback', version: '0.1.0' }]);
  });

  it('preserves batch order across languages and analyzers', () => {
    const inputs = [
      { text: 'Excelente servicio, muy rápido' },
      { text: 'This is the worst provider ever' },
      { text: '👍' },
      { text: 'Se corta todo el tiempo, pésimo' },
      { text: 'I love it', language: 'en' },
    ];
    const results = sut.analyze(inputs);
    expect(results.map((r) => r.sentiment.label)).toEqual(['positive', 'negative', 'positive', 'negative', 'positive']);
    expect(results.map((r) => r.language.code)).toEqual(['es', 'en', 'und', 'es', 'en']);
    expect(sut.analyze([])).toEqual([]);
  });

  it('records the engine and analyzer versions used', () => {
    const [r] = sut.analyze([{ text: 'Muy buena atención' }]);
    expect(r.engine.name).toBe('sentir-local');
    expect(r.engine.version).toBe(LOCAL_ENGINE_VERSION);
    for (const a of r.engine.analyzers) expect(a.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(sut.analyzers.map((a) => a.name)).toEqual([
      'sentir-gn-langid',
      'eld',
      'sentir-lexicon-langid',
      'sentir-es-lexicon',
      'sentir-gn-jopara',
      'sentir-en-vader',
      'emoji-fallback',
    ]);
    expect(sut.supportedLanguages()).toEqual(['en', 'es', 'gn']);
  });

  it('returns results callers can mutate without affecting later results', () => {
    const [first] = sut.analyze([{ text: 'hola, todo bien' }]);
    first.engine.analyzers.push({ name: 'x', version: '0' });
    const [second] = sut.analyze([{ text: 'hola, todo bien' }]);
    expect(second.engine.analyzers.map((a) => a.name)).not.toContain('x');
  });
});

import { analysesOf, enrich } from './enrichment';
import { createLocalEngine } from './local-engine';
import type { AnalysisEngine } from './analysis.types';

describe('enrich', () => {
  let engine: AnalysisEngine;
  beforeAll(async () => {
    engine = await createLocalEngine();
  });

  const run = (text: string, analyses?: string[]) => {
    const [base] = engine.analyze([{ text }]);
    return enrich(text, base, { analyses: analysesOf(analyses) });
  };

  it('gives each theme the sentiment of the sentence it sits in', () => {
    const text = 'El técnico fue muy amable y rápido. Pero el internet se corta todas las noches.';
    const r = run(text);
    const byTheme = Object.fromEntries(r.themes!.map((t) => [t.themeId, t.sentiment]));
    expect(byTheme).toMatchObject({ installation: 'positive', outages: 'negative' });
    const outage = r.themes!.find((t) => t.themeId === 'outages')!;
    expect(text.slice(outage.evidence[0].start, outage.evidence[0].end).toLowerCase()).toContain('se corta');
  });

  it('redacts PII with typed placeholders and reports the entities', () => {
    const r = run('Llamame al 0981 123456 o escribime a juan.perez@example.com, el servicio es pésimo');
    expect(r.pii!.redactedText).toContain('[PHONE]');
    expect(r.pii!.redactedText).toContain('[EMAIL]');
    expect(r.pii!.redactedText).not.toContain('juan.perez');
    expect(r.pii!.entities.map((e) => e.type).sort()).toEqual(['email', 'phone']);
  });

  it('runs only what was asked for, always keeping language and sentiment, and records the analyzers used', () => {
    const r = run('Muy caro el plan y la factura llegó mal', ['emotion']);
    expect(r.themes).toBeUndefined();
    expect(r.pii).toBeUndefined();
    expect(r.emotion).toBeDefined();
    expect(r.language.code).toBe('es');
    expect(r.engine.analyzers.map((a) => a.name)).toContain('sentir-emotion-lexicon');
    expect(r.engine.analyzers.map((a) => a.name)).not.toContain('sentir-themes');
  });

  it('finds key phrases and quality flags', () => {
    const r = run('COMPRA YA http://spam.example http://spam.example http://spam.example oferta oferta oferta');
    expect(r.quality!.flags).toContain('spam');
    const k = run('La velocidad de internet en la zona norte es muy baja').keyPhrases!;
    expect(k.length).toBeGreaterThan(0);
  });
});

import { prepareText } from '../text-normalize';
import { extractKeyPhrases } from './keyphrase.extractor';

describe('extractKeyPhrases', () => {
  const phrases = (text: string, lang = 'es') => extractKeyPhrases(text, lang).map((p) => p.phrase);

  it('splits candidates at stopwords and punctuation', () => {
    expect(phrases('El internet anda muy lento y la factura llegó carísima')).toEqual(
      expect.arrayContaining(['internet anda', 'lento', 'factura llegó carísima']),
    );
  });

  it('keeps one connector between content words ("atención al cliente")', () => {
    expect(phrases('La atención al cliente es pésima')).toEqual(['atención al cliente', 'pésima']);
    expect(phrases('Quiero un cambio de plan')).toEqual(['cambio de plan']);
  });

  it('lets a negator lead a phrase ("no funciona", "sin señal", "not working")', () => {
    expect(phrases('Hace dos días sin señal y el router no funciona')).toEqual(expect.arrayContaining(['sin señal', 'router', 'no funciona']));
    expect(phrases("The wifi is not working and support doesn't answer", 'en')).toEqual(
      expect.arrayContaining(['wifi', 'not working', 'support', "doesn't answer"]),
    );
  });

  it('caps phrases at three content words', () => {
    const all = extractKeyPhrases('router modem wifi antena cable', 'es');
    expect(all.map((p) => p.phrase)).toEqual(['router modem wifi', 'antena cable']);
  });

  it('drops one-letter words and trailing numbers but keeps a leading number ("100 megas")', () => {
    expect(phrases('pago 150.000 por 100 megas')).toEqual(['100 megas', 'pago']);
    expect(phrases('Pago 250.000 Gs por mes')).toEqual(['pago', 'mes']);
    expect(phrases('a b c')).toEqual([]);
  });

  it('scores with RAKE (longer, co-occurring phrases first) normalised to 1, and counts repeats', () => {
    const result = extractKeyPhrases('Servicio técnico pésimo. Lento. Lento.', 'es');
    expect(result[0]).toEqual({ phrase: 'servicio técnico pésimo', key: 'servicio tecnico pesimo', score: 1, count: 1 });
    expect(result[1]).toMatchObject({ key: 'lento', count: 2 });
    expect(result[1].score).toBeLessThan(1);
  });

  it('merges case, accent and elongation variants under one key', () => {
    const [p] = extractKeyPhrases('LENTOOO, lento, Lénto', 'es');
    expect(p).toMatchObject({ key: 'lento', count: 3 });
  });

  it('uses Guarani function words with Spanish and every list for unknown languages', () => {
    expect(phrases('ko internet ndaje hepy', 'es')).toEqual(['internet', 'hepy']);
    expect(phrases('the internet es muy lento', 'und')).toEqual(['internet', 'lento']);
  });

  it('reports the written form without inner quotes', () => {
    expect(extractKeyPhrases('El "router" anda mal', 'es')[0]).toMatchObject({ phrase: 'router anda mal', key: 'router anda mal' });
  });

  it('accepts a prepared text', () => {
    const text = 'La atención al cliente es pésima';
    expect(extractKeyPhrases(prepareText(text), 'es')).toEqual(extractKeyPhrases(text, 'es'));
  });

  it('honours max and handles empty input', () => {
    expect(extractKeyPhrases('uno dos tres, cuatro, cinco, seis', 'es', { max: 2 })).toHaveLength(2);
    expect(extractKeyPhrases('', 'es')).toEqual([]);
    expect(extractKeyPhrases('y la de que', 'es')).toEqual([]);
  });
});

import { prepareText } from '../text-normalize';
import { analyzeEmotions, EMOTIONS } from './emotion.analyzer';
import { EMOJI_EMOTION_LEXICON, EN_EMOTION_LEXICON, ES_EMOTION_LEXICON } from './emotion.lexicon';

describe('analyzeEmotions', () => {
  const dominant = (text: string, lang = 'es') => analyzeEmotions(text, lang).dominant;

  it.each([
    ['Estoy furioso, me tienen harto con los cortes', 'anger'],
    ['Ya me tienen podrido, una falta de respeto', 'anger'],
    ['Estoy muy contento con el servicio, excelente', 'joy'],
    ['Anda bárbaro, lo recomiendo', 'joy'],
    ['Qué decepción, estoy triste con este servicio', 'sadness'],
    ['Me preocupa que hackearon mi cuenta, tengo miedo', 'fear'],
    ['No lo puedo creer, de repente me subieron la tarifa', 'surprise'],
    ['Qué asco de servicio, una porquería', 'disgust'],
    ['Che pochy con la empresa', 'anger'],
  ])('es: "%s" → %s', (text, emotion) => {
    expect(dominant(text)).toBe(emotion);
  });

  it.each([
    ['I am furious, I am fed up with this', 'anger'],
    ['So happy with the new plan, love it', 'joy'],
    ['Really disappointed and sad', 'sadness'],
    ['I am worried my account was hacked', 'fear'],
    ["Wow, I can't believe how fast it is", 'surprise'],
    ['Disgusting service, total garbage', 'disgust'],
  ])('en: "%s" → %s', (text, emotion) => {
    expect(dominant(text, 'en')).toBe(emotion);
  });

  it('accepts a prepared text', () => {
    const text = 'Estoy FURIOSO 😡 y no estoy contento';
    expect(analyzeEmotions(prepareText(text), 'es')).toEqual(analyzeEmotions(text, 'es'));
  });

  it('returns scores in [0, 1] for every emotion', () => {
    const { scores } = analyzeEmotions('FURIOSO furioso furioso 😡😡😡 harto harto', 'es');
    expect(Object.keys(scores)).toEqual([...EMOTIONS]);
    for (const e of EMOTIONS) {
      expect(scores[e]).toBeGreaterThanOrEqual(0);
      expect(scores[e]).toBeLessThanOrEqual(1);
    }
    expect(scores.anger).toBeGreaterThan(0.95);
  });

  it('damps negated cues within the clause only', () => {
    const plain = analyzeEmotions('Estoy contento', 'es').scores.joy;
    const negated = analyzeEmotions('No estoy contento', 'es').scores.joy;
    expect(negated).toBeLessThan(plain / 2);
    expect(dominant('No estoy contento')).toBeNull();
    expect(analyzeEmotions('No. Estoy contento', 'es').scores.joy).toBe(plain);
    expect(analyzeEmotions('No es caro pero estoy contento', 'es').scores.joy).toBe(plain);
    expect(analyzeEmotions("I'm not happy", 'en').scores.joy).toBeLessThan(analyzeEmotions("I'm happy", 'en').scores.joy / 2);
  });

  it('does not damp a phrase that contains its own negation', () => {
    expect(analyzeEmotions('No puedo creer', 'es').scores.surprise).toBeGreaterThan(0.6);
  });

  it('boosts intensified and shouted cues', () => {
    const base = analyzeEmotions('estoy enojado', 'es').scores.anger;
    expect(analyzeEmotions('estoy muy enojado', 'es').scores.anger).toBeGreaterThan(base);
    expect(analyzeEmotions('estoy ENOJADO', 'es').scores.anger).toBeGreaterThan(base);
  });

  it('matches accents, case, elongation and stems', () => {
    expect(analyzeEmotions('DECEPCIONADÍSIMOOO', 'es').scores.sadness).toBeGreaterThan(0.4);
    expect(analyzeEmotions('frustrante', 'es').scores.anger).toBeGreaterThan(0);
    expect(analyzeEmotions('infuriating', 'en').scores.anger).toBeGreaterThan(0.6);
  });

  it('reads emoji (with variation selectors and skin tones) and emoticons, not look-alikes', () => {
    expect(dominant('😡')).toBe('anger');
    expect(dominant('❤️')).toBe('joy');
    expect(dominant('😭😭')).toBe('sadness');
    expect(dominant('🤮')).toBe('disgust');
    expect(analyzeEmotions('👍🏽', 'es').scores.joy).toBeGreaterThan(0);
    expect(dominant(":'(")).toBe('sadness');
    expect(dominant('>:(')).toBe('anger');
    expect(analyzeEmotions('a las 10:30 http://x.com xDSL', 'es').matches).toBe(0);
  });

  it('uses both lexicons for unknown languages and nothing fires on neutral text', () => {
    expect(dominant('estoy furioso, so disappointed', 'und')).toBe('anger');
    expect(analyzeEmotions('El técnico vino el martes', 'es')).toEqual({
      scores: { anger: 0, joy: 0, sadness: 0, fear: 0, surprise: 0, disgust: 0 },
      dominant: null,
      matches: 0,
    });
  });

  it('has a few hundred entries per language and only known emotions', () => {
    const entries = (src: string) => src.split('\n').filter((l) => l.includes(':')).reduce((n, l) => n + l.split(',').length, 0);
    expect(entries(ES_EMOTION_LEXICON)).toBeGreaterThan(300);
    expect(entries(EN_EMOTION_LEXICON)).toBeGreaterThan(250);
    expect(entries(EMOJI_EMOTION_LEXICON)).toBeGreaterThan(60);
    for (const src of [ES_EMOTION_LEXICON, EN_EMOTION_LEXICON, EMOJI_EMOTION_LEXICON]) {
      for (const line of src.split('\n').filter((l) => l.trim() !== '')) {
        expect(line).toMatch(/^(anger|joy|sadness|fear|surprise|disgust) (1|0\.\d): \S/);
      }
    }
  });
});

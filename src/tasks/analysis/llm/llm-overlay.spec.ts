import type { TextAnalysis } from '../analysis.types';
import type { ThemeMatch } from '../enrichment';
import { ISP_DEFAULT_TAXONOMY } from '../themes/isp-default.taxonomy';
import { overlayLlm } from './llm-overlay';
import type { LlmTextAnalysis } from './llm.types';

const local: TextAnalysis & { themes: ThemeMatch[]; keyPhrases: unknown[] } = {
  language: { code: 'es', confidence: 0.9 },
  sentiment: {
    label: 'positive',
    score: 0.3,
    confidence: 0.6,
    scores: { positive: 0.6, neutral: 0.3, negative: 0.1 },
    sentences: [{ text: 'a', start: 0, end: 1, label: 'positive', score: 0.3 }],
  },
  engine: { name: 'sentir-local', version: '0.2.0', analyzers: [{ name: 'eld', version: '1' }, { name: 'sentir-themes', version: '1.0.0' }] },
  themes: [{ themeId: 'speed', label: 'Speed', evidence: [{ start: 3, end: 8, text: 'lento' }], sentiment: 'positive' }],
  keyPhrases: [{ phrase: 'internet' }],
};

const llm: LlmTextAnalysis = {
  language: local.language,
  sentiment: { label: 'negative', score: -0.8, confidence: 0.9, scores: { positive: 0.0333, neutral: 0.0333, negative: 0.9001, mixed: 0.0333 } },
  engine: { name: 'sentir-openai', version: '1.0.0', analyzers: [{ name: 'eld', version: '1' }, { name: 'llm:gpt-4o-mini', version: 'prompt-1' }] },
  themeIds: ['speed', 'outages'],
};

describe('overlayLlm', () => {
  it('replaces sentiment (sentences too), themes and engine; keeps the rest', () => {
    const out = overlayLlm(local, llm, ISP_DEFAULT_TAXONOMY);
    expect(out.sentiment).toEqual(llm.sentiment);
    expect(out.themes).toEqual([
      { themeId: 'speed', label: 'Speed', evidence: [{ start: 3, end: 8, text: 'lento' }], sentiment: 'negative' },
      { themeId: 'outages', label: 'Outages and stability', evidence: [], sentiment: 'negative' },
    ]);
    expect(out.engine).toEqual({ name: 'sentir-openai', version: '1.0.0', analyzers: [...local.engine.analyzers, { name: 'llm:gpt-4o-mini', version: 'prompt-1' }] });
    expect(out.keyPhrases).toBe(local.keyPhrases);
    expect(out.language).toBe(local.language);
    expect(local.sentiment.label).toBe('positive'); // not mutated
  });

  it('leaves themes alone when they were not asked for', () => {
    const { themes: _t, ...withoutThemes } = local;
    expect(overlayLlm(withoutThemes, llm)).not.toHaveProperty('themes');
  });

  it('marks a fallback row and keeps every local result', () => {
    const out = overlayLlm(local, { ...local, fallback: { reason: 'invalid_response' } });
    expect(out).toEqual({ ...local, fallback: { reason: 'invalid_response' } });
  });

  it('works on stored batch rows, which have no engine', () => {
    const { engine: _e, ...row } = local;
    const out = overlayLlm(row, llm, ISP_DEFAULT_TAXONOMY);
    expect(out).not.toHaveProperty('engine');
    expect(out.sentiment.label).toBe('negative');
  });
});

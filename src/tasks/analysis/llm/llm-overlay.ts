import type { SentimentResult, TextAnalysis } from '../analysis.types';
import type { ThemeMatch } from '../enrichment';
import type { Taxonomy } from '../themes/theme.types';
import type { FallbackMark, LlmTextAnalysis } from './llm.types';

/** The parts of a stored analysis the model's answer changes (a batch row has no `engine`). */
export interface LlmOverlayTarget {
  sentiment: SentimentResult;
  themes?: ThemeMatch[];
  engine?: TextAnalysis['engine'];
  fallback?: FallbackMark;
}

/**
 * Puts the model's answer on an analysis the local pipeline built (language, sentiment,
 * then themes, key phrases, emotion, PII, quality): the model's sentiment replaces the local
 * one (its per-sentence split too: the two would disagree), its themes replace the matcher's
 * (keeping the matcher's evidence where both found a theme) and the engine becomes the LLM.
 * A fallback row keeps every local result and gets the mark. Returns a new object.
 */
export function overlayLlm<T extends LlmOverlayTarget>(analysis: T, llm: LlmTextAnalysis, taxonomy?: Taxonomy): T {
  if (llm.fallback) return { ...analysis, fallback: llm.fallback };
  const out: T = { ...analysis, sentiment: llm.sentiment };
  if (analysis.themes !== undefined && llm.themeIds) {
    const matched = new Map(analysis.themes.map((t) => [t.themeId, t]));
    const labels = new Map(taxonomy?.themes.map((t) => [t.id, t.label]));
    out.themes = llm.themeIds.map((id) => ({
      themeId: id,
      label: matched.get(id)?.label ?? labels.get(id) ?? id,
      evidence: matched.get(id)?.evidence ?? [],
      sentiment: llm.sentiment.label,
    }));
  }
  if (analysis.engine) {
    const added = llm.engine.analyzers[llm.engine.analyzers.length - 1];
    out.engine = { name: llm.engine.name, version: llm.engine.version, analyzers: added ? [...analysis.engine.analyzers, added] : analysis.engine.analyzers };
  }
  return out;
}

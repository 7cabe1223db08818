import type { SentimentResult } from './analysis.types';
import type { SentimentAnalyzer } from './analyzer-registry';
import { normalizeValence, sentimentFromCompound } from './sentiment-score.util';
import { tokenize } from './text.tokenizer';

export const EMOJI_FALLBACK_VERSION = '0.1.0';

/** Weight of the uniform distribution mixed into the scores: caps confidence at ≈ 0.67. */
const UNCERTAINTY = 0.5;

/**
 * Fallback for languages without a sentiment analyzer (and for 'und').
 *
 * Decision: rather than a flat neutral, it reads the only language-independent
 * signal there is, emoji and emoticons ("👍", ":(" are common whole comments
 * that language detection cannot place). Without them the result is neutral.
 * Either way the scores are blended with a uniform distribution so the
 * confidence stays low, and the result records this analyzer's name so a
 * caller can tell a real neutral from "not understood".
 */
export class EmojiFallbackAnalyzer implements SentimentAnalyzer {
  readonly name = 'emoji-fallback';
  readonly version = EMOJI_FALLBACK_VERSION;
  readonly languages = [] as const;

  analyze(texts: readonly string[]): SentimentResult[] {
    return texts.map((t) => this.analyzeOne(t));
  }

  private analyzeOne(text: string): SentimentResult {
    let sum = 0;
    for (const t of tokenize(text)) if (t.kind === 'emoji') sum += t.valence;
    const base = sentimentFromCompound(normalizeValence(sum));
    const blend = (p: number): number => Math.round((p * (1 - UNCERTAINTY) + UNCERTAINTY / 3) * 10000) / 10000;
    const scores: SentimentResult['scores'] = {
      positive: blend(base.scores.positive),
      neutral: blend(base.scores.neutral),
      negative: blend(base.scores.negative),
    };
    return { ...base, scores, confidence: scores[base.label] ?? 0 };
  }
}

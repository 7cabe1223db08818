import type { SentimentResult } from './analysis.types';
import type { SentimentAnalyzer } from './analyzer-registry';
import { EMOJI_VALENCE } from './emoji-sentiment.lexicon';
import { sentimentFromCompound } from './sentiment-score.util';

/** Version of the wrapped `vader-sentiment` package; a spec pins it to node_modules. */
export const VADER_SENTIMENT_VERSION = '1.1.3';

interface VaderScores {
  neg: number;
  neu: number;
  pos: number;
  compound: number;
}
interface VaderModule {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): VaderScores };
}

// The package is CommonJS without type declarations; a typed require keeps
// the rest of this file checked. It only defines functions and constants in
// its own module scope (no prototype or global patching).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vader = require('vader-sentiment') as VaderModule;

/**
 * Emoticons that VADER's own lexicon scores, by valence. The JS port lacks the
 * Python version's emoji handling, so each emoji is replaced by the emoticon
 * whose VADER valence is closest to the emoji's.
 */
const VADER_EMOTICONS: ReadonlyArray<readonly [string, number]> = [
  [":'(", -2.2],
  [':(', -1.9],
  [':/', -1.4],
  [':|', -0.6],
  [';)', 0.9],
  [':)', 2.0],
  [':-))', 2.8],
];
// eslint-disable-next-line no-misleading-character-class -- skin-tone modifiers are listed on purpose, as a range
const EMOJI_SEQUENCE_RE = /(\p{Extended_Pictographic})(?:[\uFE0F\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic}\uFE0F?)*/gu;
const HAS_EMOJI_RE = /\p{Extended_Pictographic}/u;

function closestEmoticon(valence: number): string {
  let best = VADER_EMOTICONS[0];
  for (const e of VADER_EMOTICONS) if (Math.abs(e[1] - valence) < Math.abs(best[1] - valence)) best = e;
  return best[0];
}

const EMOJI_REPLACEMENT = new Map<string, string>(
  [...EMOJI_VALENCE].map(([emoji, valence]) => [emoji, ` ${closestEmoticon(valence)} `]),
);

function replaceEmoji(text: string): string {
  if (!HAS_EMOJI_RE.test(text)) return text;
  return text.replace(EMOJI_SEQUENCE_RE, (_m, base: string) => EMOJI_REPLACEMENT.get(base) ?? ' ');
}

/**
 * English sentiment with VADER (Hutto & Gilbert 2014, `vader-sentiment` JS
 * port). The label uses VADER's standard ±0.05 compound thresholds; per-class
 * scores come from the compound (see {@link sentimentFromCompound}) because
 * VADER's own pos/neu/neg are proportions of words, not class probabilities.
 */
export class VaderEnglishAnalyzer implements SentimentAnalyzer {
  readonly name = 'vader-sentiment';
  readonly version = VADER_SENTIMENT_VERSION;
  readonly languages = ['en'] as const;

  analyze(texts: readonly string[]): SentimentResult[] {
    return texts.map((t) => sentimentFromCompound(this.compound(t)));
  }

  /** VADER compound in [-1, 1], emoji mapped to emoticons first. */
  compound(text: string): number {
    return vader.SentimentIntensityAnalyzer.polarity_scores(replaceEmoji(text)).compound;
  }
}

import type { SentimentLabel, SentimentResult } from './analysis.types';

/** VADER's standard decision threshold on the compound score (Hutto & Gilbert 2014). */
export const COMPOUND_THRESHOLD = 0.05;

/**
 * Steepness of the per-class curve. At 10, a compound of ±0.3 already gives
 * ≈ 0.9 to its class and a compound of 0 gives ≈ 0.45 to neutral — "no
 * sentiment words found" is weak evidence for neutral, not certainty.
 */
const CLASS_SHARPNESS = 10;

/** VADER's normalisation of a raw valence sum into (-1, 1); alpha ≈ the largest expected sum. */
export function normalizeValence(sum: number, alpha = 15): number {
  const score = sum / Math.sqrt(sum * sum + alpha);
  return score < -1 ? -1 : score > 1 ? 1 : score;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * Turns a compound score into a full {@link SentimentResult}.
 *
 * The label follows VADER's rule (≥ +0.05 positive, ≤ −0.05 negative). The
 * per-class scores are a softmax over logits `k·(c − t)`, `k·(−c − t)` and 0,
 * so they sum to 1 and the arg-max agrees with the label rule at the
 * thresholds. `neutralEvidence` (≥ 0) adds to the neutral logit: analyzers use
 * it for mixed texts whose positive and negative parts cancel out; when it
 * is > 0 the label is the arg-max of the scores.
 */
export function sentimentFromCompound(compound: number, neutralEvidence = 0): SentimentResult {
  const c = Number.isFinite(compound) ? Math.max(-1, Math.min(1, compound)) : 0;
  const lPos = CLASS_SHARPNESS * (c - COMPOUND_THRESHOLD);
  const lNeg = CLASS_SHARPNESS * (-c - COMPOUND_THRESHOLD);
  const lNeu = neutralEvidence;
  const m = Math.max(lPos, lNeg, lNeu);
  const ePos = Math.exp(lPos - m);
  const eNeg = Math.exp(lNeg - m);
  const eNeu = Math.exp(lNeu - m);
  const z = ePos + eNeg + eNeu;
  const scores = { positive: round4(ePos / z), neutral: round4(eNeu / z), negative: round4(eNeg / z) };

  let label: SentimentLabel;
  if (neutralEvidence > 0) {
    label = eNeu >= ePos && eNeu >= eNeg ? 'neutral' : ePos > eNeg ? 'positive' : 'negative';
  } else {
    label = c >= COMPOUND_THRESHOLD ? 'positive' : c <= -COMPOUND_THRESHOLD ? 'negative' : 'neutral';
  }
  return { label, score: round4(c), confidence: scores[label], scores };
}

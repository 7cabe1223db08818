import type { SentenceSentiment, SentimentLabel, SentimentResult } from './analysis.types';

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
 * Evidence for the `mixed` label: the weighted positive and negative valence
 * mass of a text (after negation, boosters and contrast weighting).
 */
export interface PolarityMass {
  positive: number;
  negative: number;
}

/**
 * A text is mixed when the weaker side carries at least this much valence
 * after contrast weighting, one clearly evaluative word ("bueno" 1.8, "nice"
 * 1.8, "problem" −1.7; not "ok" or "lento")…
 */
export const MIXED_MIN_EVIDENCE = 1.5;
/**
 * …and is at least this share of the stronger side, so one side does not
 * simply win. On the dev sets, 0.4–0.9 move 3-class macro-F1 by < 0.02; 0.6
 * keeps `mixed` to texts a reader would call two-sided.
 */
export const MIXED_BALANCE = 0.6;
/** Logit gain of the balance above MIXED_BALANCE, so the mixed score grows with the balance. */
const MIXED_SHARPNESS = 6;
/**
 * Neutral evidence for balanced texts too weak to be mixed: a text whose two
 * sides are equal gets a neutral logit of 2 (as strong as a compound of
 * +0.25 for positive). "anda bien pero se corta a veces" is lukewarm, not polar.
 */
export const BALANCED_NEUTRAL = 2;

/**
 * Turns a compound score into a full {@link SentimentResult}.
 *
 * The label follows VADER's rule (≥ +0.05 positive, ≤ −0.05 negative). The
 * per-class scores are a softmax over logits `k·(c − t)`, `k·(−c − t)` and 0,
 * so they sum to 1 and the arg-max agrees with the label rule at the
 * thresholds. `neutralEvidence` (≥ 0) adds to the neutral logit: analyzers use
 * it for mixed texts whose positive and negative parts cancel out; when it
 * is > 0 the label is the arg-max of the scores.
 *
 * With `mass`, a `mixed` class joins the softmax when both sides are strong
 * ({@link MIXED_MIN_EVIDENCE}); it wins when the weaker side is at least
 * {@link MIXED_BALANCE} of the stronger. Balanced but weak texts lean neutral
 * instead ({@link BALANCED_NEUTRAL}).
 */
export function sentimentFromCompound(compound: number, neutralEvidence = 0, mass?: PolarityMass): SentimentResult {
  const c = Number.isFinite(compound) ? Math.max(-1, Math.min(1, compound)) : 0;
  const lPos = CLASS_SHARPNESS * (c - COMPOUND_THRESHOLD);
  const lNeg = CLASS_SHARPNESS * (-c - COMPOUND_THRESHOLD);
  let lNeu = neutralEvidence;
  let lMix = Number.NEGATIVE_INFINITY;
  if (mass && mass.positive > 0 && mass.negative > 0) {
    const weaker = Math.min(mass.positive, mass.negative);
    const balance = weaker / Math.max(mass.positive, mass.negative);
    if (weaker >= MIXED_MIN_EVIDENCE) {
      lMix = Math.max(lPos, lNeg, lNeu) + MIXED_SHARPNESS * (balance - MIXED_BALANCE);
    } else {
      lNeu += BALANCED_NEUTRAL * balance;
    }
  }
  const m = Math.max(lPos, lNeg, lNeu, lMix);
  const ePos = Math.exp(lPos - m);
  const eNeg = Math.exp(lNeg - m);
  const eNeu = Math.exp(lNeu - m);
  const eMix = Math.exp(lMix - m);
  const z = ePos + eNeg + eNeu + eMix;
  const scores: SentimentResult['scores'] = { positive: round4(ePos / z), neutral: round4(eNeu / z), negative: round4(eNeg / z) };
  if (mass) scores.mixed = round4(eMix / z);

  let label: SentimentLabel;
  if (eMix >= ePos && eMix >= eNeg && eMix >= eNeu) {
    label = 'mixed';
  } else if (lNeu > 0) {
    label = eNeu >= ePos && eNeu >= eNeg ? 'neutral' : ePos > eNeg ? 'positive' : 'negative';
  } else {
    label = c >= COMPOUND_THRESHOLD ? 'positive' : c <= -COMPOUND_THRESHOLD ? 'negative' : 'neutral';
  }
  return { label, score: round4(c), confidence: scores[label] ?? 0, scores };
}

/** Valence totals of one sentence, produced by a lexicon scorer. */
export interface SentenceTally extends PolarityMass {
  /** UTF-16 offsets of the sentence in the text (first token start, last token end). */
  start: number;
  end: number;
  /** Weighted valence sum, punctuation emphasis included. */
  sum: number;
}

/** Valence totals of a text: its sentences plus the whole. */
export interface Tally extends PolarityMass {
  sum: number;
  /**
   * Evidence for a middling opinion from lukewarm words ("correcto", "ni fu
   * ni fa", "it's ok"), added to the neutral logit of the whole text.
   */
  neutral: number;
  /** Sentences with at least one word or emoji, in order. */
  sentences: SentenceTally[];
}

/**
 * Turns a scorer's tally into a {@link SentimentResult}: the compound is
 * VADER's normalisation of the sum, `mixed` comes from the polarity masses,
 * and texts with two or more sentences get per-sentence labels.
 */
export function sentimentFromTally(text: string, tally: Tally): SentimentResult {
  const result = sentimentFromCompound(normalizeValence(tally.sum), tally.neutral, tally);
  if (tally.sentences.length >= 2) {
    result.sentences = tally.sentences.map((s): SentenceSentiment => {
      const r = sentimentFromCompound(normalizeValence(s.sum), 0, s);
      return { text: text.slice(s.start, s.end), start: s.start, end: s.end, label: r.label, score: r.score };
    });
  }
  return result;
}

/** VADER's empirically derived emphasis of one "!" (up to four count). */
const EXCLAMATION_INCR = 0.292;
/**
 * Neutral logit per lukewarm word: as strong as a compound of ±0.25 for its
 * class, so "correcto", "it's ok" lean neutral but "correcto y muy rápido"
 * stays positive.
 */
const LUKEWARM_EVIDENCE = 2;
const LUKEWARM_CAP = 3;
/** Contrast across sentences ("Buen producto. Pero dura poco."): the earlier sentence counts half. */
const CROSS_SENTENCE_CONTRAST = 0.5;

/** VADER's punctuation emphasis: "!" (up to 4) and "??"/"???", added away from zero. */
function punctuationEmphasis(sum: number, exclamations: number, questions: number): number {
  if (sum === 0) return 0;
  const ep = Math.min(exclamations, 4) * EXCLAMATION_INCR;
  const qm = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
  return sum > 0 ? ep + qm : -(ep + qm);
}

interface OpenSentence {
  from: number;
  to: number;
  start: number;
  end: number;
  exclamations: number;
  questions: number;
  leadingContrast: boolean;
  /** False for an emoji-only "sentence" ("¿no anda?? 😡"), which joins the one before. */
  hasWords: boolean;
}

/**
 * Collects the valences a lexicon scorer finds, sentence by sentence, and
 * sums them into a {@link Tally}. Scorers push valences, may re-weight the
 * ones of the open sentence (contrast), and report spans and punctuation.
 */
export class TallyBuilder {
  private readonly valences: number[] = [];
  private readonly weights: number[] = [];
  private readonly closed: OpenSentence[] = [];
  private open: OpenSentence = TallyBuilder.fresh(0);
  private hasContent = false;
  private exclamations = 0;
  private questions = 0;
  private neutral = 0;

  private static fresh(from: number): OpenSentence {
    return { from, to: from, start: -1, end: -1, exclamations: 0, questions: 0, leadingContrast: false, hasWords: false };
  }

  /** Index of the next valence; the open sentence's valences start at {@link sentenceStart}. */
  get length(): number {
    return this.valences.length;
  }

  get sentenceStart(): number {
    return this.open.from;
  }

  /** True until the open sentence has a word or emoji. */
  get atSentenceStart(): boolean {
    return !this.hasContent;
  }

  /** A word (or an emoji, `word = false`) at [start, end): extends the open sentence. */
  content(start: number, end: number, word = true): void {
    if (!this.hasContent) this.open.start = start;
    this.hasContent = true;
    this.open.hasWords ||= word;
    this.open.end = end;
  }

  push(valence: number): void {
    this.valences.push(valence);
    this.weights.push(1);
  }

  /** A lukewarm word: evidence for a middling opinion, capped per text. */
  lukewarm(): void {
    this.neutral = Math.min(LUKEWARM_CAP, this.neutral + LUKEWARM_EVIDENCE);
  }

  reweight(index: number, factor: number): void {
    this.weights[index] *= factor;
  }

  /** The sentence opens with a contrast ("Pero …", "But …"): the previous one counts half overall. */
  markLeadingContrast(): void {
    this.open.leadingContrast = true;
  }

  punct(mark: string, end: number): void {
    if (mark === '!') {
      this.exclamations++;
      this.open.exclamations++;
    } else if (mark === '?') {
      this.questions++;
      this.open.questions++;
    }
    if (this.hasContent) this.open.end = end;
  }

  endSentence(): void {
    this.open.to = this.valences.length;
    const prev = this.closed[this.closed.length - 1];
    if (this.hasContent && !this.open.hasWords && prev && prev.to === this.open.from) {
      prev.to = this.open.to;
      prev.end = this.open.end;
      prev.exclamations += this.open.exclamations;
      prev.questions += this.open.questions;
    } else if (this.hasContent) {
      this.closed.push(this.open);
    }
    this.open = TallyBuilder.fresh(this.valences.length);
    this.hasContent = false;
  }

  finish(): Tally {
    this.endSentence();
    const factors = this.closed.map(() => 1);
    for (let s = 1; s < this.closed.length; s++) if (this.closed[s].leadingContrast) factors[s - 1] *= CROSS_SENTENCE_CONTRAST;
    let sum = 0;
    let positive = 0;
    let negative = 0;
    const sentences: SentenceTally[] = [];
    this.closed.forEach((s, i) => {
      let sSum = 0;
      let sPos = 0;
      let sNeg = 0;
      for (let k = s.from; k < s.to; k++) {
        const v = this.valences[k] * this.weights[k];
        sSum += v;
        if (v > 0) sPos += v;
        else sNeg -= v;
      }
      sum += sSum * factors[i];
      positive += sPos * factors[i];
      negative += sNeg * factors[i];
      sentences.push({ start: s.start, end: s.end, sum: sSum + punctuationEmphasis(sSum, s.exclamations, s.questions), positive: sPos, negative: sNeg });
    });
    sum += punctuationEmphasis(sum, this.exclamations, this.questions);
    return { sum, positive, negative, neutral: this.neutral, sentences };
  }
}

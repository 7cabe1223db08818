import type { KeyPhrase } from './keyphrase.extractor';

/** A key phrase across a batch of texts. */
export interface AggregatedKeyPhrase {
  /** Preferred written form (the accented one when variants differ only by accents). */
  phrase: string;
  key: string;
  /** Texts containing the phrase (a lower bound once pruning has happened; see `maxUndercount`). */
  count: number;
  /** Occurrences over those texts. */
  occurrences: number;
  /** Mean per-text score of the phrase, in [0, 1]. */
  score: number;
}

export interface KeyPhraseAggregatorOptions {
  /** Phrases kept after pruning (default 5,000); memory stays below twice this. */
  capacity?: number;
}

interface Entry {
  phrase: string;
  accents: number;
  count: number;
  occurrences: number;
  scoreSum: number;
}

// eslint-disable-next-line no-control-regex -- counting non-ASCII characters
const NON_ASCII_GLOBAL_RE = /[^\x00-\x7f]/g;

function accentCount(s: string): number {
  return s.match(NON_ASCII_GLOBAL_RE)?.length ?? 0;
}

/**
 * Counts key phrases over a stream of texts in bounded memory.
 *
 * A plain map until it holds `2 × capacity` phrases; then it is pruned to the
 * `capacity` most frequent. A pruned phrase that comes back starts again from
 * zero, so any count may be short by at most the sum of the pruning
 * thresholds, exposed as `maxUndercount` (0 until the first prune). With a
 * capacity well above the number of phrases a report shows, the head of the
 * distribution is exact in practice; the long tail of one-off phrases is what
 * gets dropped.
 */
export class KeyPhraseAggregator {
  private readonly capacity: number;
  private readonly entries = new Map<string, Entry>();
  private undercount = 0;
  private texts = 0;

  constructor(options: KeyPhraseAggregatorOptions = {}) {
    this.capacity = Math.max(1, Math.floor(options.capacity ?? 5_000));
  }

  /** Adds the phrases of ONE text (as returned by `extractKeyPhrases`). */
  add(phrases: readonly KeyPhrase[]): void {
    this.texts++;
    for (const p of phrases) {
      let e = this.entries.get(p.key);
      if (!e) {
        e = { phrase: p.phrase, accents: accentCount(p.phrase), count: 0, occurrences: 0, scoreSum: 0 };
        this.entries.set(p.key, e);
      } else if (p.phrase !== e.phrase) {
        const accents = accentCount(p.phrase);
        if (accents > e.accents) {
          e.phrase = p.phrase;
          e.accents = accents;
        }
      }
      e.count++;
      e.occurrences += p.count;
      e.scoreSum += p.score;
    }
    if (this.entries.size >= 2 * this.capacity) this.prune();
  }

  /** The `n` phrases found in most texts (ties: more occurrences, then higher score). */
  top(n = 20): AggregatedKeyPhrase[] {
    return this.sorted()
      .slice(0, Math.max(0, n))
      .map(([key, e]) => ({
        phrase: e.phrase,
        key,
        count: e.count,
        occurrences: e.occurrences,
        score: Math.round((e.scoreSum / e.count) * 1000) / 1000,
      }));
  }

  /** Texts added so far. */
  get textCount(): number {
    return this.texts;
  }

  /** Distinct phrases currently held. */
  get size(): number {
    return this.entries.size;
  }

  /** Upper bound on how much any `count` may be short because of pruning. */
  get maxUndercount(): number {
    return this.undercount;
  }

  private sorted(): [string, Entry][] {
    return [...this.entries].sort(
      ([, a], [, b]) => b.count - a.count || b.occurrences - a.occurrences || b.scoreSum - a.scoreSum,
    );
  }

  private prune(): void {
    const sorted = this.sorted();
    const threshold = sorted[this.capacity][1].count;
    for (let i = this.capacity; i < sorted.length; i++) this.entries.delete(sorted[i][0]);
    this.undercount += threshold;
  }
}

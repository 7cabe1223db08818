import type { SentimentResult } from './analysis.types';
import type { SentimentAnalyzer } from './analyzer-registry';
import {
  EN_ADVERB_READINGS,
  EN_ALIASES,
  EN_BOOSTER_PHRASES,
  EN_BOOSTERS,
  EN_CONCESSIVE,
  EN_CONCESSIVE_PHRASES,
  EN_CONTRAST,
  EN_EXPECTED,
  EN_EXPECTED_PHRASES,
  EN_FUNCTION_WORDS,
  EN_LIKE_VERB_CUES,
  EN_LUKEWARM,
  EN_NEGATOR_PHRASES,
  EN_NEGATORS,
  EN_OVERRIDES,
  EN_PHRASES,
  EN_RESTRICTIVES,
  EN_TOO_ADJECTIVES,
  EN_TOO_VALENCE,
  EN_WORDS,
} from './english-review.lexicon';
import { TallyBuilder, sentimentFromTally, type Tally } from './sentiment-score.util';
import { tokenize, type Token } from './text.tokenizer';

/** Version of the `vader-sentiment` package whose lexicon we read; a spec pins it to node_modules. */
export const VADER_SENTIMENT_VERSION = '1.1.3';
/** Bump on any change to the rules or the supplement lexicon. */
export const ENGLISH_SENTIMENT_VERSION = '0.2.0';

interface VaderScores {
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

// VADER's empirically derived constants (Hutto & Gilbert 2014).
const N_SCALAR = -0.74;
const C_INCR = 0.733;
const VADER_ALPHA = 15;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
/** Letter elongation ("soooo good") is emphasis, weighted like one booster word. */
const ELONGATION_INCR = 0.293;
/** "only works on one side": an expected action that only partly happens. */
const RESTRICTIVE_EXPECTED = 0.7;
/** VADER looks three words back for boosters and negations. */
const LOOK_BACK = 3;
const LOOK_BACK_DECAY = [1, 0.95, 0.9];
/** Bounded memo of VADER valences; cleared when full (real vocabularies are far smaller). */
const VALENCE_CACHE_MAX = 200_000;
const WORD_RE = /^[a-z][a-z'-]*$/;
const CONTRACTION_TAILS = new Set(['t', 's', 're', 'll', 've', 'd', 'm']);
const APOSTROPHES = new Set(["'", '’', '`', '´']);
const SENTENCE_END = new Set(['.', '!', '?', '\n', '…']);

const valenceCache = new Map<string, number>();

/**
 * VADER's lexicon valence of one lower-case word. The JS port does not export
 * its lexicon, but the compound of a one-word text is exactly
 * `v / √(v² + 15)` (VADER's normalisation), rounded to 4 decimals; inverting
 * it and rounding to the lexicon's one decimal recovers `v`. Memoised, since
 * each miss costs a full `polarity_scores` call (~40 µs).
 */
export function vaderValence(word: string): number {
  let v = valenceCache.get(word);
  if (v !== undefined) return v;
  v = 0;
  if (word.length > 1 && WORD_RE.test(word)) {
    const c = vader.SentimentIntensityAnalyzer.polarity_scores(word).compound;
    if (c !== 0 && Math.abs(c) < 1) v = Math.round(c * Math.sqrt(VADER_ALPHA / (1 - c * c)) * 10) / 10;
  }
  if (valenceCache.size >= VALENCE_CACHE_MAX) valenceCache.clear();
  valenceCache.set(word, v);
  return v;
}

type Role = 'sentiment' | 'negator' | 'booster' | 'restrictive' | 'contrast' | 'concessive' | 'neutral';

interface Entry {
  role: Role;
  /** Valence (sentiment) or scalar (booster); null = VADER's valence of the word. */
  value: number | null;
  /** Valence when negated; undefined → value × N_SCALAR. */
  negated?: number;
  /** A phrase with its own negation ("don't buy") is not negated again. */
  selfNegated?: boolean;
}

interface PhraseNode {
  entry?: Entry;
  next: Map<string, PhraseNode>;
}

const WORDS = new Map<string, Entry>();
const PHRASES: PhraseNode = { next: new Map() };
const NEGATOR_SET = new Set(EN_NEGATORS.split(' '));
const ADVERB_READINGS = new Set(EN_ADVERB_READINGS.split(' '));
const LIKE_CUES = new Set(EN_LIKE_VERB_CUES.split(' '));
const TOO_ADJECTIVES = new Set(EN_TOO_ADJECTIVES.split(' '));
const ALIASES = new Map(Object.entries(EN_ALIASES));
const LUKEWARM = new Set(EN_LUKEWARM.split('|'));

function addPhrase(text: string, entry: Entry): void {
  let node = PHRASES;
  for (const w of text.split(' ')) {
    let child = node.next.get(w);
    if (!child) {
      child = { next: new Map() };
      node.next.set(w, child);
    }
    node = child;
  }
  // First registration wins, so the tables listed first take precedence.
  node.entry ??= entry;
}

for (const [value, words] of EN_WORDS) for (const w of words.split(' ')) WORDS.set(w, { role: 'sentiment', value });
for (const [value, words] of EN_OVERRIDES) for (const w of words.split(' ')) WORDS.set(w, { role: 'sentiment', value });
for (const [value, negated, words] of EN_EXPECTED) for (const w of words.split(' ')) WORDS.set(w, { role: 'sentiment', value, negated });
for (const [value, words] of EN_BOOSTERS) for (const w of words.split(' ')) WORDS.set(w, { role: 'booster', value });
for (const w of NEGATOR_SET) WORDS.set(w, { role: 'negator', value: 0 });
for (const w of EN_CONTRAST.split(' ')) WORDS.set(w, { role: 'contrast', value: 0 });
const RESTRICTIVES = new Set(EN_RESTRICTIVES.split(' '));
const FUNCTION_WORDS = new Set(EN_FUNCTION_WORDS.split(' '));
for (const w of RESTRICTIVES) if (!WORDS.has(w)) WORDS.set(w, { role: 'restrictive', value: 0 });
for (const w of EN_CONCESSIVE.split(' ')) WORDS.set(w, { role: 'concessive', value: 0 });

for (const [value, phrases] of EN_PHRASES) {
  for (const p of phrases.split('|')) {
    const first = p.split(' ')[0];
    addPhrase(p, { role: value === 0 ? 'neutral' : 'sentiment', value, selfNegated: NEGATOR_SET.has(first) || first === 'no' });
  }
}
for (const [value, negated, phrases] of EN_EXPECTED_PHRASES) for (const p of phrases.split('|')) addPhrase(p, { role: 'sentiment', value, negated });
for (const p of EN_NEGATOR_PHRASES.split('|')) addPhrase(p, { role: 'negator', value: 0 });
for (const [value, phrases] of EN_BOOSTER_PHRASES) for (const p of phrases.split('|')) addPhrase(p, { role: 'booster', value });
for (const p of EN_CONCESSIVE_PHRASES.split('|')) addPhrase(p, { role: 'concessive', value: 0 });

/** One word, phrase, emoji or punctuation mark after look-up. */
interface Unit {
  kind: 'word' | 'emoji' | 'punct';
  norm: string;
  start: number;
  end: number;
  role: Role;
  /** Sentiment valence, booster scalar, or emoji valence. */
  value: number;
  negated?: number;
  selfNegated?: boolean;
  caps: boolean;
  elongated: boolean;
}

/** Joins "don" + "'" + "t" back into "don't": the tokenizer splits on apostrophes. */
function joinContractions(text: string, tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (
      t.kind === 'word' &&
      prev?.kind === 'word' &&
      CONTRACTION_TAILS.has(t.norm) &&
      t.start === prev.end + 1 &&
      APOSTROPHES.has(text[prev.end])
    ) {
      out[out.length - 1] = { ...prev, norm: `${prev.norm}'${t.norm}`, alt: undefined, end: t.end };
    } else {
      out.push(t);
    }
  }
  return out;
}

function wordUnit(t: Token, entry: Entry | undefined, norm = t.norm): Unit {
  const base = { kind: 'word' as const, norm, start: t.start, end: t.end, caps: t.caps, elongated: t.elongated };
  if (entry) {
    const value = entry.value ?? vaderValence(norm);
    return { ...base, role: entry.role, value, negated: entry.negated, selfNegated: entry.selfNegated };
  }
  const alias = ALIASES.get(norm);
  const value = vaderValence(alias ?? norm) || (t.alt !== undefined ? vaderValence(t.alt) : 0);
  return { ...base, role: value !== 0 ? 'sentiment' : 'neutral', value };
}

function toUnits(tokens: readonly Token[]): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') {
      if (t.kind === 'punct' || t.valence !== 0) {
        units.push({ kind: t.kind, norm: t.norm, start: t.start, end: t.end, role: t.kind === 'emoji' ? 'sentiment' : 'neutral', value: t.valence, caps: false, elongated: false });
      }
      continue;
    }
    let node = PHRASES.next.get(t.norm);
    let matched: Entry | undefined;
    let length = 0;
    for (let k = 1; node; k++) {
      if (node.entry) {
        matched = node.entry;
        length = k;
      }
      const next = tokens[i + k];
      if (next?.kind !== 'word') break;
      node = node.next.get(next.norm);
    }
    if (matched && length > 1) {
      const last = tokens[i + length - 1];
      let caps = false;
      let elongated = false;
      for (let k = 0; k < length; k++) {
        caps ||= tokens[i + k].caps;
        elongated ||= tokens[i + k].elongated;
      }
      const norm = tokens.slice(i, i + length).map((x) => x.norm).join(' ');
      units.push({ ...wordUnit(t, matched, norm), end: last.end, caps, elongated });
      i += length - 1;
      continue;
    }
    // VADER drops one-letter words ("a"), so "not a good" negates "good"; "I" stays for "I like".
    if (t.norm.length === 1 && t.norm !== 'i' && !/\d/.test(t.norm)) continue;
    units.push(wordUnit(t, WORDS.get(t.norm) ?? matched));
  }
  // Context-dependent readings, decided once the neighbours are known.
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.kind !== 'word') continue;
    const next = units[i + 1];
    const prev = units[i - 1];
    if (ADVERB_READINGS.has(u.norm) && next?.kind === 'word' && next.role === 'sentiment' && next.value !== 0) {
      units[i] = { ...u, role: 'booster', value: 0.293 };
    } else if (u.norm === 'like' && !(prev?.kind === 'word' && LIKE_CUES.has(prev.norm))) {
      units[i] = { ...u, role: 'neutral', value: 0 };
    } else if (u.norm === 'too' && next?.kind === 'word' && TOO_ADJECTIVES.has(next.norm)) {
      units[i] = { ...u, role: 'neutral', value: 0 };
      units[i + 1] = { ...next, role: 'sentiment', value: EN_TOO_VALENCE, negated: undefined };
    }
  }
  return units;
}

/** VADER's `negated()` for one word: a negator, or any "n't" contraction. */
function isNegation(u: Unit): boolean {
  return u.kind === 'word' && (u.role === 'negator' || u.norm.endsWith("n't"));
}

function scoreUnits(units: readonly Unit[], capDifferential: boolean): Tally {
  const tally = new TallyBuilder();
  /** Index of the first unit of the current clause: look-back never crosses punctuation. */
  let clauseStart = 0;
  let contrastAt = -1;
  let concessiveAt = -1;
  let concessiveEnd = -1;
  let concessiveLeading = false;

  const closeSentence = (): void => {
    const start = tally.sentenceStart;
    const end = tally.length;
    if (contrastAt >= 0) for (let k = start; k < end; k++) tally.reweight(k, k < contrastAt ? CONTRAST_BEFORE : CONTRAST_AFTER);
    if (concessiveAt >= 0) {
      const stop = concessiveEnd >= 0 ? concessiveEnd : end;
      for (let k = start; k < end; k++) {
        const conceded = k >= concessiveAt && k < stop;
        tally.reweight(k, conceded ? CONTRAST_BEFORE : concessiveLeading || k < concessiveAt ? CONTRAST_AFTER : 1);
      }
    }
    tally.endSentence();
    contrastAt = -1;
    concessiveAt = -1;
    concessiveEnd = -1;
    concessiveLeading = false;
  };

  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.kind === 'punct') {
      tally.punct(u.norm, u.end);
      clauseStart = i + 1;
      if (concessiveAt >= 0 && concessiveEnd < 0 && concessiveLeading && tally.length > concessiveAt) concessiveEnd = tally.length;
      if (SENTENCE_END.has(u.norm)) closeSentence();
      continue;
    }
    const opensSentence = tally.atSentenceStart;
    tally.content(u.start, u.end, u.kind !== 'emoji');
    if (u.kind === 'emoji') {
      tally.push(u.value);
      continue;
    }
    if (u.role === 'contrast') {
      if (opensSentence) tally.markLeadingContrast();
      if (contrastAt < 0) contrastAt = tally.length;
      continue;
    }
    if (u.role === 'concessive') {
      if (concessiveAt < 0 && contrastAt < 0) {
        concessiveAt = tally.length;
        concessiveLeading = opensSentence;
      }
      continue;
    }
    if (u.role !== 'sentiment') continue;
    const next = units[i + 1];
    // Python VADER: "no" before a sentiment word is a negator, not the word "no" (−1.2).
    if (u.norm === 'no' && next?.kind === 'word' && next.role === 'sentiment') continue;

    const base = u.value;
    let v = base;
    if (LUKEWARM.has(u.norm)) tally.lukewarm();
    const sign = v >= 0 ? 1 : -1;
    if (u.caps && capDifferential) v += sign * C_INCR;
    if (u.elongated) v += sign * ELONGATION_INCR;
    let negations = 0;
    let restricted = false;
    for (let d = 0, j = i - 1; d < LOOK_BACK && j >= clauseStart; j--) {
      const w = units[j];
      if (w.kind !== 'word') break;
      if (FUNCTION_WORDS.has(w.norm)) continue;
      const dist = d++;
      // Python VADER: "no" negates even though it is a lexicon word ("no help").
      if (w.norm === 'no') {
        negations++;
        continue;
      }
      // As in VADER, a preceding sentiment word neither boosts nor negates.
      if (w.role === 'sentiment') continue;
      if (RESTRICTIVES.has(w.norm)) restricted = true;
      if (w.role === 'booster') {
        let s = (w.value + (w.elongated ? ELONGATION_INCR : 0)) * sign * LOOK_BACK_DECAY[dist];
        if (w.caps && capDifferential) s += sign * C_INCR;
        v += s;
      }
      const before = units[j - 1];
      const neverSoThis = dist >= 1 && units[i - 1].kind === 'word' && (units[i - 1].norm === 'so' || units[i - 1].norm === 'this');
      if (w.norm === 'never' && neverSoThis) v *= 1.25;
      else if (w.norm === 'no' || isNegation(w)) negations++;
      else if (w.norm === 'least' && !(before?.kind === 'word' && (before.norm === 'at' || before.norm === 'very'))) negations++;
    }
    if (negations % 2 === 1 && !u.selfNegated) {
      // Expected words have their own, stronger negated valence; emphasis carries over.
      v = u.negated !== undefined ? u.negated - (Math.abs(v) - Math.abs(base)) : v * N_SCALAR;
    } else if (restricted && u.negated !== undefined && base >= 0) {
      v = u.negated * RESTRICTIVE_EXPECTED;
    }
    tally.push(v);
  }
  closeSentence();
  return tally.finish();
}

/**
 * English sentiment: VADER's algorithm (Hutto & Gilbert 2014, as in the
 * Python reference 3.3) re-implemented on Sentir's tokenizer, reading
 * valences from the `vader-sentiment` package's lexicon, plus a hand-written
 * supplement for product reviews and customer service (see
 * `english-review.lexicon.ts`): "doesn't work"-style expected actions,
 * review phrases, "too big", "like" as a preposition, per-sentence contrast.
 *
 * Why not call `polarity_scores` on the text: the JS port lower-cases only
 * lexicon look-ups, so "Not good" is not negated, and it keeps "great!." as a
 * word, so "Works great!." scores 0; it also cannot split sentences.
 */
export class VaderEnglishAnalyzer implements SentimentAnalyzer {
  readonly name = 'sentir-en-vader';
  readonly version = `${ENGLISH_SENTIMENT_VERSION}+vader-sentiment.${VADER_SENTIMENT_VERSION}`;
  readonly languages = ['en'] as const;

  analyze(texts: readonly string[]): SentimentResult[] {
    return texts.map((t) => sentimentFromTally(t, this.tally(t)));
  }

  /** Raw scores of one text, exposed for evaluation and tests. */
  tally(text: string): Tally {
    const tokens = joinContractions(text, tokenize(text));
    let words = 0;
    let capsWords = 0;
    for (const t of tokens) {
      if (t.kind !== 'word') continue;
      words++;
      if (t.caps) capsWords++;
    }
    return scoreUnits(toUnits(tokens), capsWords > 0 && capsWords < words);
  }
}

import { asPrepared, foldText, originalOffset, splitWords, type PreparedText, type WordSpan } from '../text-normalize';
import { EMOJI_EMOTION_LEXICON, EN_EMOTION_LEXICON, ES_EMOTION_LEXICON } from './emotion.lexicon';

export const EMOTION_NAME = 'sentir-emotion-lexicon';
export const EMOTION_VERSION = '1.0.0';

export type Emotion = 'anger' | 'joy' | 'sadness' | 'fear' | 'surprise' | 'disgust';

/** Fixed order: scores, ties for `dominant` and the lexicon vectors all follow it. */
export const EMOTIONS: readonly Emotion[] = Object.freeze(['anger', 'joy', 'sadness', 'fear', 'surprise', 'disgust']);

export interface EmotionResult {
  /** Each in [0, 1]: 1 − e^(−evidence), so one strong word gives ≈ 0.63 and more evidence saturates towards 1. */
  scores: Record<Emotion, number>;
  /** The highest score if it reaches `DOMINANT_THRESHOLD`, else `null`. */
  dominant: Emotion | null;
  /** Lexicon entries (words, phrases, emoji) that fired. */
  matches: number;
}

/** Below this no emotion is called dominant (a lone "ok" or 🙂 is not an emotional comment). */
export const DOMINANT_THRESHOLD = 0.25;
/** A negated cue keeps this share of its weight ("no estoy contento" is not joy, but not sadness either). */
const NEGATION_DAMPING = 0.25;
/** Words after a negator that it can reach, within one clause. */
const NEGATION_SCOPE = 3;
const INTENSIFIER_BOOST = 1.3;
const SHOUT_BOOST = 1.2;

const NEGATORS = new Set(
  (
    'no nunca jamas ni sin tampoco nada ' +
    "not no never without nor hardly don't dont doesn't doesnt didn't didnt isn't isnt wasn't wasnt aren't arent " +
    "won't wont can't cant cannot couldn't couldnt wouldn't wouldnt shouldn't shouldnt haven't havent hasn't hasnt"
  ).split(' '),
);
/** A contrast ends the reach of a negation: "no es caro pero es lento". */
const CONTRASTS = new Set('pero aunque sino but however although though'.split(' '));
const INTENSIFIERS = new Set('muy re super tan demasiado sumamente bastante realmente extremadamente very so really extremely totally absolutely incredibly truly too'.split(' '));

type Vector = Float64Array;

interface CompiledLexicon {
  words: Map<string, Vector>;
  stems: Map<string, Vector>;
  stemMin: number;
  stemMax: number;
  phrases: Map<string, Vector>;
  /** First word of a phrase → most words of any phrase starting with it. */
  phraseFirst: Map<string, number>;
}

const LINE_RE = /^(anger|joy|sadness|fear|surprise|disgust) ([\d.]+): (.+)$/;

function setMax(map: Map<string, Vector>, key: string, emotion: number, weight: number): void {
  let v = map.get(key);
  if (!v) map.set(key, (v = new Float64Array(EMOTIONS.length)));
  v[emotion] = Math.max(v[emotion], weight);
}

function compileLexicon(...sources: string[]): CompiledLexicon {
  const lex: CompiledLexicon = { words: new Map(), stems: new Map(), stemMin: Infinity, stemMax: 0, phrases: new Map(), phraseFirst: new Map() };
  for (const source of sources) {
    for (const line of source.split('\n')) {
      const m = LINE_RE.exec(line.trim());
      if (!m) continue;
      const emotion = EMOTIONS.indexOf(m[1] as Emotion);
      const weight = Number(m[2]);
      for (const raw of m[3].split(',')) {
        const entry = raw.trim();
        const folded = foldText(entry);
        const words = splitWords(folded).map((w) => w.word);
        if (words.length === 0) continue; // emoji and emoticons live in EMOJI_ENTRIES
        if (folded.endsWith('*') && words.length === 1) {
          setMax(lex.stems, words[0], emotion, weight);
          lex.stemMin = Math.min(lex.stemMin, words[0].length);
          lex.stemMax = Math.max(lex.stemMax, words[0].length);
        } else if (words.length === 1) {
          setMax(lex.words, words[0], emotion, weight);
        } else {
          setMax(lex.phrases, words.join(' '), emotion, weight);
          lex.phraseFirst.set(words[0], Math.max(lex.phraseFirst.get(words[0]) ?? 0, words.length));
        }
      }
    }
  }
  // An exact entry shadows stems at lookup time, so fold the stems' emotions into it now.
  for (const [word, v] of lex.words) {
    for (let len = Math.min(lex.stemMax, word.length); len >= lex.stemMin; len--) {
      const stem = lex.stems.get(word.slice(0, len));
      if (stem) for (let e = 0; e < v.length; e++) v[e] = Math.max(v[e], stem[e]);
    }
  }
  return lex;
}

function compileEmoji(source: string): Map<string, Vector> {
  const map = new Map<string, Vector>();
  for (const line of source.split('\n')) {
    const m = LINE_RE.exec(line.trim());
    if (!m) continue;
    const emotion = EMOTIONS.indexOf(m[1] as Emotion);
    for (const raw of m[3].split(',')) setMax(map, raw.trim(), emotion, Number(m[2]));
  }
  return map;
}

const LEXICONS = {
  es: compileLexicon(ES_EMOTION_LEXICON),
  en: compileLexicon(EN_EMOTION_LEXICON),
  any: compileLexicon(ES_EMOTION_LEXICON, EN_EMOTION_LEXICON),
};
const EMOJI_ENTRIES = compileEmoji(EMOJI_EMOTION_LEXICON);

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const PICTOGRAPH_RE = /\p{Extended_Pictographic}/gu;
// Emoticons need non-alphanumeric neighbours so "10:30", "http://" or "xDSL" never match.
const EMOTICON_RE = new RegExp(
  `(?<![\\p{L}\\p{N}:/])(${[...EMOJI_ENTRIES.keys()]
    .filter((k) => !/\p{Extended_Pictographic}/u.test(k))
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|')})(?![\\p{L}\\p{N}/])`,
  'gu',
);
// eslint-disable-next-line no-control-regex -- a plain ASCII range test
const NON_ASCII_RE = /[^\x00-\x7f]/;
const EMOTICON_HINT_RE = /[:<>]|xD/;

function lexiconFor(lang: string): CompiledLexicon {
  const primary = lang.toLowerCase().slice(0, 2);
  if (primary === 'es' || primary === 'gn') return LEXICONS.es;
  if (primary === 'en') return LEXICONS.en;
  return LEXICONS.any;
}

function lookupWord(lex: CompiledLexicon, word: string): Vector | undefined {
  const exact = lex.words.get(word);
  if (exact) return exact;
  const max = Math.min(lex.stemMax, word.length);
  for (let len = max; len >= lex.stemMin; len--) {
    const v = lex.stems.get(word.slice(0, len));
    if (v) return v;
  }
  return undefined;
}

/** Longest phrase starting at word i, its vector and length in words. */
function lookupPhrase(lex: CompiledLexicon, words: readonly WordSpan[], i: number): [Vector, number] | undefined {
  const longest = lex.phraseFirst.get(words[i].word);
  if (longest === undefined) return undefined;
  let n = 1;
  while (n < longest && i + n < words.length && words[i + n].soft) n++;
  for (let len = n; len >= 2; len--) {
    let key = words[i].word;
    for (let k = 1; k < len; k++) key += ` ${words[i + k].word}`;
    const v = lex.phrases.get(key);
    if (v) return [v, len];
  }
  return undefined;
}

/**
 * Scores anger, joy, sadness, fear, surprise and disgust from a curated
 * lexicon (see `emotion.lexicon.ts`). Words, phrases and stems are matched
 * folded; a cue within three words after a negator in the same clause is
 * damped ("no estoy contento", "not happy"); an intensifier before a cue
 * ("muy", "re", "so") or writing it in capitals strengthens it; emoji and
 * emoticons count as cues and are never negated.
 *
 * `lang`: `es` (also used for `gn`), `en`; anything else uses both lexicons.
 */
export function analyzeEmotions(input: string | PreparedText, lang: string): EmotionResult {
  const lex = lexiconFor(lang);
  const sums = new Float64Array(EMOTIONS.length);
  let matches = 0;
  const add = (v: Vector, factor: number): void => {
    for (let e = 0; e < v.length; e++) sums[e] += v[e] * factor;
    matches++;
  };

  const { text, folded, words } = asPrepared(input);
  let negatedUntil = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.soft) negatedUntil = -1;
    if (CONTRASTS.has(w.word)) {
      negatedUntil = -1;
      continue;
    }
    const phrase = lookupPhrase(lex, words, i);
    const span = phrase ? phrase[1] : 1;
    const vector = phrase ? phrase[0] : lookupWord(lex, w.word);
    if (vector) {
      let factor = 1;
      if (i <= negatedUntil) factor *= NEGATION_DAMPING;
      if (i > 0 && w.soft && INTENSIFIERS.has(words[i - 1].word)) factor *= INTENSIFIER_BOOST;
      const original = text.slice(originalOffset(folded, w.start), originalOffset(folded, words[i + span - 1].end));
      if (original.length > 1 && original === original.toUpperCase() && original !== original.toLowerCase()) factor *= SHOUT_BOOST;
      add(vector, factor);
    }
    // A phrase that starts with a negator ("no puedo creer") already carries it.
    if (span === 1 && NEGATORS.has(w.word)) negatedUntil = i + NEGATION_SCOPE;
    i += span - 1;
  }

  if (NON_ASCII_RE.test(text)) {
    PICTOGRAPH_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PICTOGRAPH_RE.exec(text)) !== null) {
      const v = EMOJI_ENTRIES.get(m[0]);
      if (v) add(v, 1);
    }
  }
  if (EMOTICON_HINT_RE.test(text)) {
    EMOTICON_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = EMOTICON_RE.exec(text)) !== null) {
      const v = EMOJI_ENTRIES.get(m[1]);
      if (v) add(v, 1);
    }
  }

  const scores = {} as Record<Emotion, number>;
  let dominant: Emotion | null = null;
  let best = DOMINANT_THRESHOLD;
  EMOTIONS.forEach((e, k) => {
    const score = Math.round((1 - Math.exp(-sums[k])) * 1000) / 1000;
    scores[e] = score;
    if (score >= best && (dominant === null || score > best)) {
      dominant = e;
      best = score;
    }
  });
  return { scores, dominant, matches };
}

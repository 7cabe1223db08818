import { asPrepared, originalOffset, type PreparedText } from '../text-normalize';
import { CONNECTORS_SET, NEGATORS_SET, STOPWORDS } from './stopwords.lexicon';

export const KEYPHRASES_NAME = 'sentir-keyphrases';
export const KEYPHRASES_VERSION = '1.0.0';

/** A key phrase of one text. */
export interface KeyPhrase {
  /** As written (lower-cased, blanks collapsed), e.g. "atención al cliente". */
  phrase: string;
  /** Folded form used to merge variants across texts, e.g. "atencion al cliente". */
  key: string;
  /** RAKE score normalised so the best phrase of the text scores 1. */
  score: number;
  /** Occurrences in the text. */
  count: number;
}

export interface KeyPhraseOptions {
  /** At most this many phrases (default 10). */
  max?: number;
}

const MAX_CONTENT_WORDS = 3;
/** Longer "words" are URLs, hashes or keyboard mashing, not phrases. */
const MAX_WORD_LENGTH = 30;
const DIGITS_RE = /^\d+$/;
/** Blanks and the double quotes that may sit inside a phrase ('el "router" anda' → "router anda"). */
const BLANKS_RE = /[\s"]+/g;

/** The "000" of "250.000" or the "5" of "1,5": digits right after a digit and a `.`/`,`. */
function isNumberTail(folded: string, start: number): boolean {
  if (start < 2) return false;
  const sep = folded.charCodeAt(start - 1);
  const prev = folded.charCodeAt(start - 2);
  const first = folded.charCodeAt(start);
  return (sep === 0x2e || sep === 0x2c) && prev >= 0x30 && prev <= 0x39 && first >= 0x30 && first <= 0x39;
}

function stopwordsFor(lang: string): ReadonlySet<string> {
  const primary = lang.toLowerCase().slice(0, 2);
  if (primary === 'es' || primary === 'en' || primary === 'pt' || primary === 'gn') return STOPWORDS[primary];
  return STOPWORDS.any;
}

interface Candidate {
  key: string;
  phrase: string;
  /** Folded content words (negators and connectors excluded), for RAKE's degree/frequency. */
  content: string[];
  position: number;
}

/**
 * Extracts key phrases RAKE-style (Rose et al., 2010): candidates are runs of
 * one to three content words between stopwords and punctuation, a word's
 * score is degree/frequency over the text, a phrase's is the sum over its
 * words. Two adaptations for customer comments: a negator may lead a phrase
 * ("no funciona", "sin señal", "not working"), and one connector may join
 * content words ("atención al cliente", "cambio de plan").
 *
 * `lang` is an ISO 639-1 code (`es`, `en`, `pt`, `gn`); any other value
 * (`und`, `auto`) uses the union of all stopword lists.
 */
export function extractKeyPhrases(input: string | PreparedText, lang: string, options: KeyPhraseOptions = {}): KeyPhrase[] {
  const max = options.max ?? 10;
  if (max <= 0) return [];
  const { text, folded, words } = asPrepared(input);
  if (words.length === 0) return [];
  const stop = stopwordsFor(lang);
  const candidates: Candidate[] = [];

  const isContent = (w: string): boolean => w.length >= 2 && w.length <= MAX_WORD_LENGTH && !stop.has(w) && !NEGATORS_SET.has(w);
  let first = -1; // index of the first word of the open phrase
  let last = -1; // index of its last content word
  let content: string[] = [];
  let contentAt: number[] = [];
  const flush = (): void => {
    // A number may start a phrase ("100 megas") but not end one ("pago 150" of "pago 150.000").
    while (content.length > 0 && DIGITS_RE.test(content[content.length - 1])) {
      content.pop();
      contentAt.pop();
      last = contentAt.length > 0 ? contentAt[contentAt.length - 1] : -1;
    }
    if (content.length > 0) {
      const start = originalOffset(folded, words[first].start);
      const end = originalOffset(folded, words[last].end);
      const parts: string[] = [];
      for (let k = first; k <= last; k++) parts.push(words[k].word);
      candidates.push({
        key: parts.join(' '),
        phrase: text.slice(start, end).toLowerCase().replace(BLANKS_RE, ' '),
        content,
        position: first,
      });
    }
    first = -1;
    last = -1;
    content = [];
    contentAt = [];
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.soft) flush();
    const word = w.word;
    const next = words[i + 1];
    const nextStartsContent = next !== undefined && next.soft && isContent(next.word);
    if (word.length < 2 || word.length > MAX_WORD_LENGTH || isNumberTail(folded.text, w.start)) {
      flush();
    } else if (NEGATORS_SET.has(word)) {
      flush();
      if (nextStartsContent) first = i;
    } else if (CONNECTORS_SET.has(word) && content.length > 0 && content.length < MAX_CONTENT_WORDS && last === i - 1) {
      if (!nextStartsContent) flush();
    } else if (stop.has(word)) {
      flush();
    } else {
      if (content.length === MAX_CONTENT_WORDS) flush();
      if (first < 0) first = i;
      last = i;
      content.push(word);
      contentAt.push(i);
    }
  }
  flush();
  if (candidates.length === 0) return [];

  const frequency = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const c of candidates) {
    for (const w of c.content) {
      frequency.set(w, (frequency.get(w) ?? 0) + 1);
      degree.set(w, (degree.get(w) ?? 0) + c.content.length);
    }
  }
  const byKey = new Map<string, KeyPhrase & { position: number }>();
  let best = 0;
  for (const c of candidates) {
    const existing = byKey.get(c.key);
    if (existing) {
      existing.count++;
      continue;
    }
    let score = 0;
    for (const w of c.content) score += (degree.get(w) ?? 0) / (frequency.get(w) ?? 1);
    if (score > best) best = score;
    byKey.set(c.key, { phrase: c.phrase, key: c.key, score, count: 1, position: c.position });
  }
  return [...byKey.values()]
    .sort((a, b) => b.score - a.score || b.count - a.count || a.position - b.position)
    .slice(0, max)
    .map(({ phrase, key, score, count }) => ({ phrase, key, score: Math.round((score / best) * 1000) / 1000, count }));
}

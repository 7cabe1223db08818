import { asPrepared, collapseFoldedForHash, foldText, isLetterCode, splitWords, type PreparedText, type WordSpan } from '../text-normalize';
import { EN_PROFANITY, ES_PROFANITY, MASKED_PROFANITY_RE } from './profanity.lexicon';
import { fnv1a64 } from './text-hash.util';

export const QUALITY_NAME = 'sentir-quality';
export const QUALITY_VERSION = '1.0.0';

export type QualityFlag = 'too_short' | 'no_letters' | 'repeated_chars' | 'repeated_words' | 'spam' | 'profanity';

export interface QualityOptions {
  /** Also return `normalizedTextHash(text)`, for duplicate detection by the batch layer. */
  normalizedHash?: boolean;
  /** Fewer letters and digits than this is `too_short` (default 3: "ok", "👍", "." are). */
  minChars?: number;
}

export interface QualityResult {
  /** In the order of `QualityFlag`'s declaration; empty for an ordinary comment. */
  flags: QualityFlag[];
  /** Present when `normalizedHash: true` was asked for. */
  normalizedHash?: string;
}

const LETTER_RE = /\p{L}/u;
/** Five identical letters ("aaaaa", "lentoooooo"), six identical other marks ("!!!!!!", "😡😡😡😡😡😡"), or a 2–3 letter chunk four times ("jajajaja", "asdasdasdasd"). */
const REPEATED_CHARS_RE = /(\p{L})\1{4,}|([^\p{L}\p{N}\s])\2{5,}|(\p{L}{2,3})\3{3,}/u;

/** Cheap pre-check for REPEATED_CHARS_RE: some unit equal to the one 1, 2 or 3 places before, twice in a row. */
function mayRepeat(text: string): boolean {
  for (let i = 3; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) continue;
    if ((c === text.charCodeAt(i - 1) && c === text.charCodeAt(i - 2)) ||
      (c === text.charCodeAt(i - 2) && text.charCodeAt(i - 1) === text.charCodeAt(i - 3)) ||
      (i >= 5 && c === text.charCodeAt(i - 3) && text.charCodeAt(i - 1) === text.charCodeAt(i - 4) && text.charCodeAt(i - 2) === text.charCodeAt(i - 5))) {
      return true;
    }
  }
  return false;
}

/** One match per link: a scheme or "www." link swallows its domain so it is not counted twice. */
const LINK_HINT_RE = /\.[a-z]{2}|:\/\//;
const LINK_RE = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]{2,63}\.(?:com|net|org|info|biz|io|xyz|top|site|online|shop|ly|gl|py|ar|br)\b\S*/giu;
/** Strong promotion cues: on their own they make a comment spam. */
const PROMO_STRONG_RE = new RegExp(
  '\\b(?:' +
    [
      'gana(?:r)? (?:dinero|plata)', 'dinero facil', 'plata facil', 'trabaj(?:a|o|ar) desde (?:tu )?casa', 'ingresos extra',
      'ha(?:z|ce|ga) clic', 'clic aqui', 'click aqui', 'click here', 'click the link', 'link en (?:mi )?(?:bio|perfil)',
      'visita (?:mi|nuestr[oa]) (?:pagina|perfil|web|sitio)', 'mira mi perfil', 'check (?:out )?my profile',
      'siguenos', 'seguinos', 'follow (?:me|us)', 'suscribete', 'subscribe to', 'compra (?:ya|ahora)', 'buy now',
      'oferta (?:exclusiva|limitada)', 'limited (?:time|offer)', 'free money', 'earn money', 'make money', 'work from home',
      'bitcoin', 'criptomonedas?', 'crypto', 'forex', 'inversion segura', 'casino', 'apuestas', 'viagra',
      'prestamos? (?:rapidos?|inmediatos?)', 'codigo promocional', 'promo code', 'escribime al', 'contactame al',
      'dm me', 'gift card', 'you (?:have )?won', 'ganaste un', 'has ganado',
    ].join('|') +
    ')\\b',
  'u',
);
/** Weak cues: spam only together with something else (a link, shouting, another cue). */
const PROMO_WEAK_RE = /\b(?:gratis|free|oferta|promo(?:cion)?|descuento|cupon|sorteo|whatsapp|wa\.me|telegram)\b/gu;
const SPAM_THRESHOLD = 2;

interface ProfanityLexicon {
  words: Set<string>;
  stems: Set<string>;
  stemMin: number;
  stemMax: number;
  phrases: Set<string>;
  phraseFirst: Map<string, number>;
}

function compileProfanity(...sources: string[]): ProfanityLexicon {
  const lex: ProfanityLexicon = { words: new Set(), stems: new Set(), stemMin: Infinity, stemMax: 0, phrases: new Set(), phraseFirst: new Map() };
  for (const source of sources) {
    for (const raw of source.split(',')) {
      const folded = foldText(raw.trim());
      const words = splitWords(folded).map((w) => w.word);
      if (words.length === 0) continue;
      if (words.length > 1) {
        lex.phrases.add(words.join(' '));
        lex.phraseFirst.set(words[0], Math.max(lex.phraseFirst.get(words[0]) ?? 0, words.length));
      } else if (folded.endsWith('*')) {
        lex.stems.add(words[0]);
        lex.stemMin = Math.min(lex.stemMin, words[0].length);
        lex.stemMax = Math.max(lex.stemMax, words[0].length);
      } else lex.words.add(words[0]);
    }
  }
  return lex;
}

const PROFANITY = compileProfanity(ES_PROFANITY, EN_PROFANITY);
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
/** Letters next to leet digits/symbols ("m1erda", "sh1t", "put@"): then words mixing both are de-leeted. */
const LEET_HINT_RE = /[a-z][0-9@$]|[0-9@$][a-z]/;
const LEET_CANDIDATE_RE = /[a-z0-9@$]+/g;
const HAS_LATIN_RE = /[a-z]/;
const HAS_LEET_RE = /[0-9@$]/;
const LEET_CHAR_RE = /[0-9@$]/g;

function deleet(folded: string): string {
  return folded.replace(LEET_CANDIDATE_RE, (w) => (HAS_LATIN_RE.test(w) && HAS_LEET_RE.test(w) ? w.replace(LEET_CHAR_RE, (c) => LEET[c] ?? c) : w));
}

function hasProfanity(words: readonly WordSpan[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i].word;
    if (PROFANITY.words.has(w)) return true;
    for (let len = Math.min(PROFANITY.stemMax, w.length); len >= PROFANITY.stemMin; len--) {
      if (PROFANITY.stems.has(w.slice(0, len))) return true;
    }
    const longest = PROFANITY.phraseFirst.get(w);
    if (longest !== undefined) {
      let key = w;
      for (let k = 1; k < longest && i + k < words.length && words[i + k].soft; k++) {
        key += ` ${words[i + k].word}`;
        if (PROFANITY.phrases.has(key)) return true;
      }
    }
  }
  return false;
}

function repeatedWords(words: readonly WordSpan[]): boolean {
  let run = 1;
  for (let i = 1; i < words.length; i++) {
    run = words[i].word === words[i - 1].word ? run + 1 : 1;
    if (run >= 3) return true;
  }
  if (words.length < 6) return false;
  const distinct = new Set(words.map((w) => w.word)).size;
  return distinct / words.length <= 1 / 3;
}

/** The same three words in a row, three times or more: pasted or bot text. */
function repeatedTrigram(words: readonly WordSpan[]): boolean {
  if (words.length < 9) return false;
  const counts = new Map<string, number>();
  for (let i = 0; i + 2 < words.length; i++) {
    const key = `${words[i].word} ${words[i + 1].word} ${words[i + 2].word}`;
    const n = (counts.get(key) ?? 0) + 1;
    if (n >= 3) return true;
    counts.set(key, n);
  }
  return false;
}

function isShouting(text: string): boolean {
  let upper = 0;
  let letters = 0;
  for (const ch of text) {
    if (!LETTER_RE.test(ch)) continue;
    letters++;
    if (ch !== ch.toLowerCase()) upper++;
  }
  return letters >= 10 && upper / letters >= 0.7;
}

function spamScore(text: string, folded: string, words: readonly WordSpan[]): number {
  let score = 0;
  const links = LINK_HINT_RE.test(folded) ? (folded.match(LINK_RE)?.length ?? 0) : 0;
  score += Math.min(links, 2);
  if (PROMO_STRONG_RE.test(folded)) score += 2;
  score += Math.min(folded.match(PROMO_WEAK_RE)?.length ?? 0, 2) * 0.5;
  if (repeatedTrigram(words)) score += 2;
  if (links > 0 && isShouting(text)) score += 2;
  return score;
}

/**
 * Flags low-quality or problematic comments. Flags are informational: the
 * caller decides whether to drop, down-weight or just mark a comment.
 *
 * - `too_short`: fewer than `minChars` letters and digits.
 * - `no_letters`: only digits, emoji, punctuation.
 * - `repeated_chars`: "aaaaa", "!!!!!!", "jajajaja".
 * - `repeated_words`: a word 3× in a row, or ≤ 1/3 distinct words in 6+.
 * - `spam`: a score from links (+1 each, max 2), strong promotion phrases (+2),
 *   weak ones (+0.5 each, max 1), a word trigram repeated 3× (+2) and
 *   shouting with a link (+2); spam at 2 or more. A single link (a customer
 *   pasting a speed-test result) is not spam on its own.
 * - `profanity`: whole-word match on curated es/en lists, accent- and
 *   case-insensitive, with masked ("p*ta") and leet ("m1erda") spellings.
 */
export function qualityFlags(input: string | PreparedText, options: QualityOptions = {}): QualityResult {
  const minChars = options.minChars ?? 3;
  const { text, folded: foldedText, words } = asPrepared(input);
  const folded = foldedText.text;
  const flags: QualityFlag[] = [];
  let alnum = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLetterCode(c)) {
      alnum++;
      letters++;
    } else if (c >= 0x30 && c <= 0x39) alnum++;
  }
  if (alnum < minChars) flags.push('too_short');
  if (letters === 0) flags.push('no_letters');
  if (mayRepeat(text) && REPEATED_CHARS_RE.test(text)) flags.push('repeated_chars');
  if (repeatedWords(words)) flags.push('repeated_words');
  if (spamScore(text, folded, words) >= SPAM_THRESHOLD) flags.push('spam');

  let profane = hasProfanity(words) || MASKED_PROFANITY_RE.test(folded);
  if (!profane && LEET_HINT_RE.test(folded)) profane = hasProfanity(splitWords(deleet(folded)));
  if (profane) flags.push('profanity');

  return options.normalizedHash ? { flags, normalizedHash: fnv1a64(collapseFoldedForHash(folded)) } : { flags };
}

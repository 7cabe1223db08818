import { EMOJI_VALENCE, EMOTICON_VALENCE } from './emoji-sentiment.lexicon';

/** One token of a comment, already normalised for lexicon look-ups. */
export interface Token {
  kind: 'word' | 'emoji' | 'punct';
  /**
   * Words: lower-cased, accents folded (`atención` → `atencion`, `señal` →
   * `senal`), letter runs of 3+ collapsed to one (`lentooo` → `lento`).
   * Emoji: the base pictograph or the emoticon as written. Punct: the mark,
   * `\n` for a line break.
   */
  norm: string;
  /** The same word with letter runs collapsed to two instead (`llll` → `ll`), when that differs. */
  alt: string | undefined;
  /** Written in capitals (2+ letters, no lower case): emphasis in VADER's sense. */
  caps: boolean;
  /** Had a letter repeated 3+ times ("lentooo"): emphasis. */
  elongated: boolean;
  /** Valence of an emoji/emoticon token, 0 otherwise. */
  valence: number;
  /** UTF-16 offsets of the token in the input (`end` exclusive), for sentence spans. */
  start: number;
  end: number;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const EMOTICON_SOURCE = [...EMOTICON_VALENCE.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegex)
  .join('|');

// Built once: recompiling per call would dominate the cost on short texts.
// Emoticons need non-alphanumeric neighbours so "10:30" or "http://x" never
// produce ":3" or ":/".
const TOKEN_RE = new RegExp(
  [
    `(?<![\\p{L}\\p{N}:/])(${EMOTICON_SOURCE})(?![\\p{L}\\p{N}/])`,
    `([\\p{L}\\p{M}\\p{N}]+)`,
    `(\\p{Extended_Pictographic})(?:[\\uFE0F\\u{1F3FB}-\\u{1F3FF}]|\\u200D\\p{Extended_Pictographic}\\uFE0F?)*`,
    `([!?¡¿.,;:…\\n])`,
  ].join('|'),
  'gu',
);

// eslint-disable-next-line no-control-regex -- a plain ASCII range test, not a control-character match
const NON_ASCII_RE = /[^\x00-\x7f]/;
const COMBINING_RE = /[\u0300-\u036f]/g;
const ACCENTED_RE = /[áàâäãåéèêëíìîïóòôöõúùûüñçý]/g;
const ACCENT_FOLD: Readonly<Record<string, string>> = {
  á: 'a', à: 'a', â: 'a', ä: 'a', ã: 'a', å: 'a',
  é: 'e', è: 'e', ê: 'e', ë: 'e',
  í: 'i', ì: 'i', î: 'i', ï: 'i',
  ó: 'o', ò: 'o', ô: 'o', ö: 'o', õ: 'o',
  ú: 'u', ù: 'u', û: 'u', ü: 'u',
  ñ: 'n', ç: 'c', ý: 'y',
};
const foldChar = (ch: string): string => ACCENT_FOLD[ch] ?? ch;
const RUN3_RE = /(\p{L})\1{2,}/u;
const RUN3_GLOBAL_RE = /(\p{L})\1{2,}/gu;
const LOWER_RE = /\p{Ll}/u;
const LETTER2_RE = /\p{L}.*\p{L}/u;

/**
 * Lower-cases and folds accents. `ñ` folds to `n` too: customers on phones
 * often type "senal", and no sentiment word in our lexicons collides.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII_RE.test(lower)) return lower;
  return lower.replace(COMBINING_RE, '').replace(ACCENTED_RE, foldChar);
}

/** Splits a comment into words, emoji/emoticons and the punctuation that bounds clauses. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) {
      tokens.push({ kind: 'emoji', norm: m[1], alt: undefined, caps: false, elongated: false, valence: EMOTICON_VALENCE.get(m[1]) ?? 0, start, end });
    } else if (m[2] !== undefined) {
      const raw = m[2];
      let norm = foldText(raw);
      let alt: string | undefined;
      const elongated = RUN3_RE.test(norm);
      if (elongated) {
        alt = norm.replace(RUN3_GLOBAL_RE, '$1$1');
        norm = norm.replace(RUN3_GLOBAL_RE, '$1');
      }
      const caps = raw.length > 1 && !LOWER_RE.test(raw) && LETTER2_RE.test(raw);
      tokens.push({ kind: 'word', norm, alt, caps, elongated, valence: 0, start, end });
    } else if (m[3] !== undefined) {
      tokens.push({ kind: 'emoji', norm: m[3], alt: undefined, caps: false, elongated: false, valence: EMOJI_VALENCE.get(m[3]) ?? 0, start, end });
    } else if (m[4] !== undefined) {
      tokens.push({ kind: 'punct', norm: m[4], alt: undefined, caps: false, elongated: false, valence: 0, start, end });
    }
  }
  return tokens;
}

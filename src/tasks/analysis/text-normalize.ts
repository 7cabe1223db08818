/**
 * Offset-preserving text normalisation shared by the pure analysis modules
 * (themes, key phrases, emotion, quality). No I/O, no Nest, synchronous.
 *
 * "Folding" means: lower-case, drop combining marks, fold accented Latin
 * letters to their base letter (`á` → `a`, `ñ` → `n`, Guarani `ỹ` → `y`),
 * typographic apostrophes to `'`, exotic spaces to a plain space, and squeeze
 * runs of 3+ identical letters to one (`lentooo` → `lento`). Runs of two are
 * kept because Spanish spells with them ("llamar", "carro").
 */

/** A folded string plus the way back to the caller's offsets. */
export interface FoldedText {
  /** The folded text. */
  text: string;
  /**
   * `offsets[i]` is the UTF-16 offset in the original text of folded
   * character `i`; `offsets[text.length]` is the original length. `null`
   * when folding changed nothing but case (offsets are the identity).
   */
  offsets: Uint32Array | null;
}

/** A word of a folded text. */
export interface WordSpan {
  /** The folded word. */
  word: string;
  /** Start offset in the folded text. */
  start: number;
  /** End offset (exclusive) in the folded text. */
  end: number;
  /**
   * Only blanks, hyphens or quotes (or nothing, at a letter/digit change such
   * as "100mbps") separate this word from the previous one, so a multi-word
   * phrase may continue across the gap. `false` for the first word and after
   * clause punctuation, line breaks or emoji.
   */
  soft: boolean;
}

// eslint-disable-next-line no-control-regex -- a plain ASCII range test
const NON_ASCII_RE = /[^\x00-\x7f]/;
const ASCII_RUN3_RE = /([a-z])\1\1/;
const LETTER_RE = /^\p{L}$/u;
const WORD_RE = /^[\p{L}\p{N}\p{M}]$/u;

const DROP = -1;
/** Folded code unit per non-ASCII code unit, computed on first sight; bounded by the BMP size. */
const foldCache = new Map<number, number>();
const letterCache = new Map<number, boolean>();
const wordCache = new Map<number, boolean>();

function foldCode(c: number): number {
  if (c >= 0x300 && c <= 0x36f) return DROP;
  const cached = foldCache.get(c);
  if (cached !== undefined) return cached;
  let folded = c;
  if (c === 0x2018 || c === 0x2019 || c === 0x02bc || c === 0x00b4) folded = 0x27;
  else if (c === 0x00a0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x3000) folded = 0x20;
  else if (c < 0xd800 || c > 0xdfff) {
    // NFD splits "ñ" into "n" + U+0303; keep the base when it is a plain ASCII letter.
    const nfd = String.fromCharCode(c).normalize('NFD');
    const base = nfd.charCodeAt(0);
    if (nfd.length > 1 && base >= 0x61 && base <= 0x7a) folded = base;
  }
  foldCache.set(c, folded);
  return folded;
}

/** True for a letter code unit (ASCII fast path, Unicode `\p{L}` otherwise). */
export function isLetterCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  let v = letterCache.get(c);
  if (v === undefined) {
    v = c < 0xd800 || c > 0xdfff ? LETTER_RE.test(String.fromCharCode(c)) : false;
    letterCache.set(c, v);
  }
  return v;
}

/** True for a code unit that can be part of a word: letter, digit or combining mark. */
export function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  let v = wordCache.get(c);
  if (v === undefined) {
    v = c < 0xd800 || c > 0xdfff ? WORD_RE.test(String.fromCharCode(c)) : false;
    wordCache.set(c, v);
  }
  return v;
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Lower-cases code unit by code unit so the length cannot change ("İ" would otherwise grow). */
function lowerSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

// Reused across calls (everything here is synchronous); grows to the longest text seen.
let codeBuffer = new Uint16Array(256);

function codesToString(codes: Uint16Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 8192) {
    out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
  }
  return out;
}

/** Folds `text` (see the module comment) and keeps a map back to the original offsets. */
export function foldWithOffsets(text: string): FoldedText {
  let lower = text.toLowerCase();
  if (lower.length !== text.length) lower = lowerSameLength(text);
  if (!NON_ASCII_RE.test(lower) && !ASCII_RUN3_RE.test(lower)) return { text: lower, offsets: null };

  const n = lower.length;
  if (codeBuffer.length < n) codeBuffer = new Uint16Array(Math.max(n, codeBuffer.length * 2));
  const codes = codeBuffer;
  const offsets = new Uint32Array(n + 1);
  let k = 0;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (c >= 0x80) {
      c = foldCode(c);
      if (c === DROP) {
        i++;
        continue;
      }
    }
    let next = i + 1;
    if (isLetterCode(c)) {
      let j = next;
      while (j < n) {
        const d = lower.charCodeAt(j);
        if (d !== c && (d < 0x80 || foldCode(d) !== c)) break;
        j++;
      }
      if (j - i >= 3) next = j;
    }
    codes[k] = c;
    offsets[k] = i;
    k++;
    i = next;
  }
  offsets[k] = n;
  return { text: codesToString(codes, k), offsets: offsets.subarray(0, k + 1) };
}

/** The folded form of `text`, without offsets (for lexicon keys and hashing). */
export function foldText(text: string): string {
  return foldWithOffsets(text).text;
}

/** Maps an offset in `folded.text` back to the original text. */
export function originalOffset(folded: FoldedText, foldedOffset: number): number {
  return folded.offsets === null ? foldedOffset : folded.offsets[foldedOffset];
}

/** Hyphen, apostrophe and double quote join words; other non-word, non-blank characters end a phrase. */
function isSoftSeparator(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x2d || c === 0x27 || c === 0x22;
}

/**
 * Splits a folded text into words. A word is a run of letters, digits and
 * combining marks, with inner apostrophes kept ("don't", Guarani "mba'e");
 * a change between letters and digits starts a new word ("100mbps" →
 * "100", "mbps"; "4g" → "4", "g"), so keywords match either spelling.
 */
export function splitWords(folded: string): WordSpan[] {
  const words: WordSpan[] = [];
  const n = folded.length;
  let i = 0;
  let soft = false;
  let first = true;
  while (i < n) {
    const c = folded.charCodeAt(i);
    if (!isWordCode(c)) {
      if (!isSoftSeparator(c)) soft = false;
      i++;
      continue;
    }
    const start = i;
    const digit = isDigitCode(c);
    i++;
    while (i < n) {
      const d = folded.charCodeAt(i);
      if (isWordCode(d)) {
        if (isDigitCode(d) !== digit) break;
        i++;
      } else if (d === 0x27 && !digit && i + 1 < n && isLetterCode(folded.charCodeAt(i + 1)) && isLetterCode(folded.charCodeAt(i - 1))) {
        i++;
      } else break;
    }
    words.push({ word: folded.slice(start, i), start, end: i, soft: !first && soft });
    first = false;
    soft = true;
  }
  return words;
}

/** A text folded and split once, to share between the analysis modules. */
export interface PreparedText {
  readonly text: string;
  readonly folded: FoldedText;
  readonly words: readonly WordSpan[];
}

/**
 * Folds and splits `text` once. Every entry function of the analysis modules
 * accepts the result instead of a string, which saves repeating the work
 * when several modules look at the same comment.
 */
export function prepareText(text: string): PreparedText {
  const folded = foldWithOffsets(text);
  return { text, folded, words: splitWords(folded.text) };
}

/** `input` itself if already prepared, else `prepareText(input)`. */
export function asPrepared(input: string | PreparedText): PreparedText {
  return typeof input === 'string' ? prepareText(input) : input;
}

const ASCII_HASH_SEPARATORS_RE = /[^a-z0-9]+/g;
const HASH_SEPARATORS_RE = /[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu;
const PICTO_RUN_RE = /(\p{Extended_Pictographic})\1+/gu;

/** `normalizeForHash` for text that is already folded. */
export function collapseFoldedForHash(folded: string): string {
  if (!NON_ASCII_RE.test(folded)) return folded.replace(ASCII_HASH_SEPARATORS_RE, ' ').trim();
  return folded.replace(HASH_SEPARATORS_RE, ' ').replace(PICTO_RUN_RE, '$1').trim();
}

/**
 * The canonical form used to spot duplicate comments: folded (so case,
 * accents and elongations do not matter), every run of punctuation, blanks
 * and emoji modifiers collapsed to one space, repeated emoji squeezed.
 * "¡¡Pésimo serviciooo!!" and "pesimo servicio" normalise alike.
 */
export function normalizeForHash(text: string): string {
  return collapseFoldedForHash(foldText(text));
}

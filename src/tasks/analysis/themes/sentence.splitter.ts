/** A sentence as UTF-16 offsets into the original text: `text.slice(start, end)`. */
export interface SentenceSpan {
  start: number;
  end: number;
}

/**
 * Words that end in a period without ending the sentence ("Sr. Pérez",
 * "Gs. 150.000", "p. ej."), folded to lower case, without the period.
 */
const ABBREVIATIONS = new Set([
  'sr', 'sra', 'srta', 'dr', 'dra', 'lic', 'ing', 'prof', 'arq', 'abg', 'av', 'avda', 'gral', 'cnel', 'tte', 'sto', 'sta',
  'etc', 'ej', 'p', 'pág', 'pag', 'aprox', 'nro', 'núm', 'num', 'tel', 'cel', 'gs', 'ci', 'c', 'i', 'hs', 'hrs', 'min', 'seg',
  'vs', 'dpto', 'depto', 'km', 'mr', 'mrs', 'ms', 'st', 'jr', 'inc', 'ltd', 'co', 'corp', 'approx', 'e', 'g', 'ie', 'u', 's', 'a',
]);

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isTerminator(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026; // . ! ? …
}

function isBlank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x3000;
}

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  return WORD_CHAR.test(text[i]);
}

function previousWord(text: string, end: number): string {
  let i = end;
  while (i > 0 && isWordChar(text, i - 1)) i--;
  return text.slice(i, end).toLowerCase();
}

/**
 * Splits a comment into sentences: after a run of `.`, `!`, `?` or `…`
 * followed by a blank (or the end), at line breaks, and before an opening
 * `¿`/`¡` in mid-text ("Se corta ¿qué hago?"). A period after a known
 * abbreviation or a single letter does not end a sentence, and one between
 * digits ("1.500") never does. Spans are trimmed; empty ones are dropped.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const n = text.length;
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    if (e > s) spans.push({ start: s, end: e });
    start = end;
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      push(i);
      i++;
      continue;
    }
    if ((c === 0xbf || c === 0xa1) && i > start) {
      // ¿ ¡ — only when a blank and real content (not another opener or a terminator) precede it.
      let j = i - 1;
      while (j >= start && isBlank(text.charCodeAt(j))) j--;
      if (j >= start && j < i - 1 && isWordChar(text, j)) push(i);
      i++;
      continue;
    }
    if (isTerminator(c)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (!isTerminator(d) && d !== 0x22 && d !== 0x29 && d !== 0xbb) break; // " ) »
        j++;
      }
      const atEnd = j >= n || isBlank(text.charCodeAt(j));
      const lonePeriod = c === 0x2e && j === i + 1;
      if (atEnd && !(lonePeriod && ABBREVIATIONS.has(previousWord(text, i)))) push(j);
      i = j;
      continue;
    }
    i++;
  }
  push(n);
  return spans;
}

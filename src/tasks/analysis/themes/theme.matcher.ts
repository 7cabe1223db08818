import { asPrepared, originalOffset, type FoldedText, type PreparedText, type WordSpan } from '../text-normalize';
import type { SentenceSpan } from './sentence.splitter';
import { InvalidTaxonomyError } from './taxonomy.errors';
import { compilePattern, parseKeyword, validateTaxonomy } from './taxonomy.validator';
import type { Evidence, Taxonomy, ThemeHit } from './theme.types';

/** Identity of the matcher itself (the taxonomy has its own id and version). */
export const THEMES_NAME = 'sentir-themes';
export const THEMES_VERSION = '1.0.0';

/** Evidence kept per hit; a long rant repeating "lento" twenty times needs no more. */
const MAX_EVIDENCE_PER_HIT = 10;

interface TrieNode {
  exact: Map<string, TrieNode> | null;
  /** Children reached by a word starting with the key (keyword words ending in `*`). */
  prefix: Map<string, TrieNode> | null;
  /** Distinct stem lengths in `prefix`, ascending, so a word is only cut at lengths that exist. */
  prefixLengths: number[];
  /** Indices of the themes whose keyword ends here. */
  themes: number[] | null;
}

/** A taxonomy turned into a word trie plus compiled patterns. Build once, reuse for every text. */
export interface CompiledTaxonomy {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly themes: readonly { readonly id: string; readonly label: string }[];
  /** @internal */
  readonly root: TrieNode;
  /** @internal */
  readonly patterns: readonly { readonly theme: number; readonly re: RegExp }[];
}

function newNode(): TrieNode {
  return { exact: null, prefix: null, prefixLengths: [], themes: null };
}

/**
 * Validates and compiles a taxonomy. Throws `InvalidTaxonomyError` with the
 * issues of `validateTaxonomy` when the input is not acceptable.
 */
export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const issues = validateTaxonomy(taxonomy);
  if (issues.length > 0) throw new InvalidTaxonomyError(issues);

  const root = newNode();
  const patterns: { theme: number; re: RegExp }[] = [];
  taxonomy.themes.forEach((theme, t) => {
    for (const list of Object.values(theme.keywords)) {
      for (const kw of list) {
        const words = parseKeyword(kw);
        if (typeof words === 'string') continue; // unreachable: validated above
        let node = root;
        for (const w of words) {
          if (w.prefix) {
            node.prefix ??= new Map();
            if (!node.prefixLengths.includes(w.text.length)) node.prefixLengths.push(w.text.length);
            node.prefixLengths.sort((a, b) => a - b);
            let child = node.prefix.get(w.text);
            if (!child) node.prefix.set(w.text, (child = newNode()));
            node = child;
          } else {
            node.exact ??= new Map();
            let child = node.exact.get(w.text);
            if (!child) node.exact.set(w.text, (child = newNode()));
            node = child;
          }
        }
        node.themes ??= [];
        if (!node.themes.includes(t)) node.themes.push(t);
      }
    }
    for (const p of theme.patterns ?? []) patterns.push({ theme: t, re: compilePattern(p) });
  });
  return Object.freeze({
    id: taxonomy.id,
    name: taxonomy.name,
    version: taxonomy.version,
    themes: Object.freeze(taxonomy.themes.map((th) => Object.freeze({ id: th.id, label: th.label }))),
    root,
    patterns: Object.freeze(patterns),
  });
}

/** Depth-first walk from `node` over words[j…]; pushes (theme, end word) pairs for every keyword end. */
function walk(node: TrieNode, words: readonly WordSpan[], j: number, found: number[]): void {
  const w = words[j].word;
  const exact = node.exact?.get(w);
  if (exact) visit(exact, words, j, found);
  if (node.prefix !== null) {
    for (const len of node.prefixLengths) {
      if (len > w.length) break;
      const child = node.prefix.get(len === w.length ? w : w.slice(0, len));
      if (child) visit(child, words, j, found);
    }
  }
}

function visit(child: TrieNode, words: readonly WordSpan[], j: number, found: number[]): void {
  if (child.themes !== null) for (const t of child.themes) found.push(t, j);
  if (j + 1 < words.length && words[j + 1].soft && (child.exact !== null || child.prefix !== null)) walk(child, words, j + 1, found);
}

interface RawEvidence {
  theme: number;
  /** Offsets in the folded text. */
  start: number;
  end: number;
}

function keywordEvidence(compiled: CompiledTaxonomy, words: readonly WordSpan[], out: RawEvidence[]): void {
  const themeCount = compiled.themes.length;
  // Word index where each theme's last evidence ended: evidence of one theme never overlaps.
  const lastEnd = new Int32Array(themeCount).fill(-1);
  const bestEnd = new Int32Array(themeCount).fill(-1);
  const touched: number[] = [];
  const found: number[] = [];
  for (let i = 0; i < words.length; i++) {
    walk(compiled.root, words, i, found);
    if (found.length === 0) continue;
    for (let k = 0; k < found.length; k += 2) {
      const t = found[k];
      if (bestEnd[t] < 0) touched.push(t);
      if (found[k + 1] > bestEnd[t]) bestEnd[t] = found[k + 1];
    }
    found.length = 0;
    for (const t of touched) {
      if (i > lastEnd[t]) {
        out.push({ theme: t, start: words[i].start, end: words[bestEnd[t]].end });
        lastEnd[t] = bestEnd[t];
      }
      bestEnd[t] = -1;
    }
    touched.length = 0;
  }
}

function patternEvidence(compiled: CompiledTaxonomy, folded: string, out: RawEvidence[]): void {
  for (const { theme, re } of compiled.patterns) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(folded)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push({ theme, start: m.index, end: m.index + m[0].length });
    }
  }
}

function sentenceOf(sentences: readonly SentenceSpan[], offset: number): number | null {
  let lo = 0;
  let hi = sentences.length - 1;
  // Usually sorted: binary search, then a linear fallback for unsorted input.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  for (let k = 0; k < sentences.length; k++) if (offset >= sentences[k].start && offset < sentences[k].end) return k;
  return null;
}

function toEvidence(text: string, folded: FoldedText, raw: RawEvidence): Evidence {
  const start = originalOffset(folded, raw.start);
  const end = originalOffset(folded, raw.end);
  return { start, end, text: text.slice(start, end) };
}

/**
 * Finds the themes of `compiled` in `text`.
 *
 * Keywords match whole words, case- and accent-insensitively, with elongations
 * squeezed ("LENTOOO" matches `lento`); the words of a multi-word keyword may
 * be separated by blanks, hyphens or quotes but not by clause punctuation.
 * At each position the longest keyword of each theme wins, and evidence of a
 * theme never overlaps. Offsets refer to the original `text`.
 *
 * With `sentences` (spans of the original text, e.g. from `splitSentences`)
 * there is one hit per theme per sentence, so the caller can attach that
 * sentence's sentiment; without, one hit per theme. Hits come in order of
 * their first evidence.
 */
export function matchThemes(input: string | PreparedText, compiled: CompiledTaxonomy, sentences?: readonly SentenceSpan[]): ThemeHit[] {
  const { text, folded, words } = asPrepared(input);
  if (text.length === 0) return [];
  const raw: RawEvidence[] = [];
  keywordEvidence(compiled, words, raw);
  if (compiled.patterns.length > 0) {
    patternEvidence(compiled, folded.text, raw);
    raw.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  if (raw.length === 0) return [];

  const hits = new Map<string, ThemeHit>();
  const lastEnd = new Map<number, number>();
  for (const r of raw) {
    // Patterns may overlap keyword evidence of the same theme; keep the first.
    if (r.start < (lastEnd.get(r.theme) ?? -1)) continue;
    lastEnd.set(r.theme, r.end);
    const ev = toEvidence(text, folded, r);
    const sentenceIndex = sentences === undefined ? null : sentenceOf(sentences, ev.start);
    const key = `${r.theme}:${sentenceIndex}`;
    let hit = hits.get(key);
    if (!hit) {
      const theme = compiled.themes[r.theme];
      hits.set(key, (hit = { themeId: theme.id, label: theme.label, evidence: [], sentenceIndex }));
    }
    if (hit.evidence.length < MAX_EVIDENCE_PER_HIT) hit.evidence.push(ev);
  }
  return [...hits.values()];
}

import { foldText, isWordCode, splitWords } from '../text-normalize';
import type { TaxonomyIssue } from './theme.types';

/**
 * Limits on user taxonomies. They bound compile time, memory and, for
 * patterns, the worst-case regex cost per text (see `analyzePattern`).
 */
export const TAXONOMY_LIMITS = Object.freeze({
  maxThemes: 100,
  maxLanguagesPerTheme: 10,
  maxKeywordsPerTheme: 1000,
  maxKeywordsTotal: 20_000,
  maxKeywordLength: 80,
  maxWordsPerKeyword: 6,
  minPrefixStem: 3,
  maxPatternsPerTheme: 20,
  maxPatternsTotal: 200,
  maxPatternLength: 200,
  /** Upper bound on the distinct ways a pattern can match from one position. */
  maxPatternPaths: 256,
  /** Largest `m` in `{n,m}`. */
  maxRepeat: 20,
  maxIdLength: 64,
  maxLabelLength: 100,
  maxNameLength: 200,
  maxVersionLength: 32,
  /** Validation stops collecting after this many issues. */
  maxIssues: 100,
});

const SLUG_RE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const LANGUAGE_RE = /^[a-z]{2,3}$/;

/** One word of a keyword: the folded text, and whether it ends in `*` (prefix match). */
export interface KeywordWord {
  text: string;
  prefix: boolean;
}

/**
 * Parses a keyword into folded words, or returns an error message.
 * Punctuation inside a keyword separates words ("wi-fi" = "wi fi").
 */
export function parseKeyword(raw: string): KeywordWord[] | string {
  const trimmed = raw.trim();
  if (trimmed.length === 0) return 'is empty';
  if (trimmed.length > TAXONOMY_LIMITS.maxKeywordLength) return `is longer than ${TAXONOMY_LIMITS.maxKeywordLength} characters`;
  const folded = foldText(trimmed);
  for (let i = 0; i < folded.length; i++) {
    if (folded[i] !== '*') continue;
    const before = i > 0 && isWordCode(folded.charCodeAt(i - 1));
    const after = i + 1 < folded.length && folded[i + 1] !== ' ';
    if (!before || after) return "uses '*' other than at the end of a word";
  }
  const spans = splitWords(folded);
  if (spans.length === 0) return 'has no letters or digits';
  if (spans.length > TAXONOMY_LIMITS.maxWordsPerKeyword) return `has more than ${TAXONOMY_LIMITS.maxWordsPerKeyword} words`;
  const words: KeywordWord[] = [];
  for (const s of spans) {
    const prefix = folded[s.end] === '*';
    if (prefix && s.word.length < TAXONOMY_LIMITS.minPrefixStem) return `has a '*' stem shorter than ${TAXONOMY_LIMITS.minPrefixStem} characters`;
    words.push({ text: s.word, prefix });
  }
  return words;
}

/** Result of the static safety analysis of a pattern. */
export interface PatternAnalysis {
  /** Error message, or `null` when the pattern is in the safe subset. */
  error: string | null;
  /** Upper bound on the ways the pattern can match from one start position. */
  paths: number;
}

interface Frame {
  /** Sum of the path counts of the finished alternatives of this group. */
  alternatives: number;
  /** Product of the path counts of the atoms of the current alternative. */
  current: number;
  /** Path count of the last atom, for a quantifier to replace. */
  last: number;
  lastIsGroup: boolean;
  hasLast: boolean;
}

const SIMPLE_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'n', 'r', 't', 'f', 'v', '0']);

/**
 * Static check that a user pattern cannot backtrack catastrophically.
 *
 * We do not try to prove arbitrary regexes safe. Instead patterns must use a
 * subset in which the number of ways to match from any position is finite
 * and small, so a backtracking engine does bounded work per position:
 * - no `*`, `+` or `{n,}`: only bounded repetition `{n,m}` with `m ≤ maxRepeat`
 *   (`\d{1,4}` instead of `\d+`), and only on a single character, class or
 *   escape; a group may only be made optional (`(de )?`, `{0,1}`);
 * - no backreferences and no lookaround (word boundaries are added for you);
 * - the product of the choices (alternation branches × repetition ranges ×
 *   optional groups) must stay ≤ `maxPatternPaths`;
 * - at most `maxPatternLength` characters, lower-case and without accents
 *   (patterns see the folded text), and it must not match the empty string.
 */
export function analyzePattern(pattern: string): PatternAnalysis {
  const fail = (error: string): PatternAnalysis => ({ error, paths: Number.POSITIVE_INFINITY });
  if (pattern.length === 0) return fail('is empty');
  if (pattern.length > TAXONOMY_LIMITS.maxPatternLength) return fail(`is longer than ${TAXONOMY_LIMITS.maxPatternLength} characters`);

  const stack: Frame[] = [{ alternatives: 0, current: 1, last: 1, lastIsGroup: false, hasLast: false }];
  const top = (): Frame => stack[stack.length - 1];
  const atom = (paths: number, isGroup: boolean): void => {
    const f = top();
    f.current *= paths;
    f.last = paths;
    f.lastIsGroup = isGroup;
    f.hasLast = true;
  };
  const checkLiteral = (ch: string): string | null =>
    foldText(ch) === ch ? null : `must be lower case without accents ('${ch}'): patterns see folded text`;

  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const ch = pattern[i];
    if (ch === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return fail('ends with a lone backslash');
      if (e >= '1' && e <= '9') return fail('uses a backreference');
      if (e === 'k') return fail('uses a named backreference');
      if (e === 'p' || e === 'P') {
        const close = pattern.indexOf('}', i);
        if (pattern[i + 2] !== '{' || close < 0) return fail('has a malformed \\p{…} escape');
        i = close + 1;
      } else if (e === 'u' || e === 'x' || e === 'c') {
        // The RegExp constructor validates what follows; we only need to skip it.
        if (e === 'u' && pattern[i + 2] === '{') {
          const close = pattern.indexOf('}', i);
          if (close < 0) return fail('has a malformed \\u{…} escape');
          i = close + 1;
        } else i += e === 'u' ? 6 : e === 'x' ? 4 : 3;
      } else if (SIMPLE_ESCAPES.has(e) || !/[a-zA-Z0-9]/.test(e)) {
        i += 2;
      } else {
        return fail(`uses the unsupported escape \\${e}`);
      }
      atom(1, false);
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') {
        if (pattern[j] === '\\') {
          const e = pattern[j + 1];
          if (e !== undefined && e >= '1' && e <= '9') return fail('uses a backreference');
          j += 2;
          continue;
        }
        const err = checkLiteral(pattern[j]);
        if (err) return fail(err);
        j++;
      }
      if (j >= n) return fail('has an unclosed character class');
      i = j + 1;
      atom(1, false);
      continue;
    }
    if (ch === '(') {
      if (pattern[i + 1] === '?') {
        const kind = pattern[i + 2];
        if (kind === ':') i += 3;
        else if (kind === '<' && /[a-zA-Z_$]/.test(pattern[i + 3] ?? '')) {
          const close = pattern.indexOf('>', i);
          if (close < 0) return fail('has a malformed group name');
          i = close + 1;
        } else return fail('uses lookaround or an unsupported group (only (…), (?:…) and (?<name>…) are allowed)');
      } else i++;
      stack.push({ alternatives: 0, current: 1, last: 1, lastIsGroup: false, hasLast: false });
      continue;
    }
    if (ch === ')') {
      if (stack.length === 1) return fail('has an unbalanced )');
      const f = stack.pop() as Frame;
      i++;
      atom(f.alternatives + f.current, true);
      continue;
    }
    if (ch === '|') {
      const f = top();
      f.alternatives += f.current;
      f.current = 1;
      f.hasLast = false;
      i++;
      continue;
    }
    if (ch === '*' || ch === '+') return fail(`uses unbounded repetition '${ch}': use a bounded range such as {1,${TAXONOMY_LIMITS.maxRepeat}}`);
    if (ch === '?' || ch === '{') {
      let min = 0;
      let max = 1;
      if (ch === '{') {
        const m = /^\{(\d{1,3})(?:(,)(\d{0,3}))?\}/.exec(pattern.slice(i, i + 10));
        if (!m) return fail("has a malformed '{' quantifier (escape a literal brace as \\{)");
        min = Number(m[1]);
        if (m[2] === undefined) max = min;
        else if (m[3] === '') return fail('uses unbounded repetition {n,}');
        else max = Number(m[3]);
        if (max < min) return fail('has a {n,m} quantifier with m < n');
        if (max > TAXONOMY_LIMITS.maxRepeat) return fail(`repeats more than ${TAXONOMY_LIMITS.maxRepeat} times`);
        i += m[0].length;
      } else i++;
      const f = top();
      if (!f.hasLast) return fail('has a quantifier with nothing to repeat');
      if (f.lastIsGroup && max > 1) return fail('repeats a group: only ? / {0,1} may follow a group');
      const choices = f.lastIsGroup ? f.last + 1 : max - min + 1;
      f.current = (f.current / f.last) * choices;
      f.hasLast = false;
      if (pattern[i] === '?') i++; // lazy modifier: same paths
      continue;
    }
    if (ch === '^' || ch === '$') {
      top().hasLast = false;
      i++;
      continue;
    }
    if (ch !== '.') {
      const err = checkLiteral(ch);
      if (err) return fail(err);
    }
    atom(1, false);
    i++;
  }
  if (stack.length !== 1) return fail('has an unclosed (');
  const paths = stack[0].alternatives + stack[0].current;
  if (paths > TAXONOMY_LIMITS.maxPatternPaths) return fail(`is too ambiguous (${paths} ways to match > ${TAXONOMY_LIMITS.maxPatternPaths})`);
  return { error: null, paths };
}

/** Wraps a checked pattern so matches start and end on word boundaries. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'gu');
}

/** Static analysis plus an actual compile; returns an error message or `null`. */
export function checkPattern(pattern: string): string | null {
  const analysis = analyzePattern(pattern);
  if (analysis.error !== null) return analysis.error;
  try {
    compilePattern(pattern);
    if (new RegExp(`^(?:${pattern})$`, 'u').test('')) return 'can match the empty string';
  } catch (e: unknown) {
    return `does not compile: ${e instanceof Error ? e.message : String(e)}`;
  }
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a user taxonomy (parsed JSON). Returns every problem found (up to
 * `maxIssues`); an empty array means `compileTaxonomy` will accept it.
 */
export function validateTaxonomy(input: unknown): TaxonomyIssue[] {
  const issues: TaxonomyIssue[] = [];
  const L = TAXONOMY_LIMITS;
  const add = (path: string, code: string, message: string): void => {
    if (issues.length < L.maxIssues) issues.push({ path, code, message });
  };
  const checkString = (v: unknown, path: string, max: number): v is string => {
    if (typeof v !== 'string' || v.trim().length === 0) {
      add(path, 'required', 'must be a non-empty string');
      return false;
    }
    if (v.length > max) {
      add(path, 'too_long', `must be at most ${max} characters`);
      return false;
    }
    return true;
  };
  const checkSlug = (v: unknown, path: string): void => {
    if (checkString(v, path, L.maxIdLength) && !SLUG_RE.test(v)) {
      add(path, 'invalid_slug', 'must be lower-case letters and digits separated by single - or _ (e.g. "price-billing")');
    }
  };

  if (!isRecord(input)) {
    add('', 'invalid_type', 'must be an object');
    return issues;
  }
  checkSlug(input.id, 'id');
  checkString(input.name, 'name', L.maxNameLength);
  checkString(input.version, 'version', L.maxVersionLength);
  const themes = input.themes;
  if (!Array.isArray(themes) || themes.length === 0) {
    add('themes', 'required', 'must be a non-empty array');
    return issues;
  }
  if (themes.length > L.maxThemes) {
    add('themes', 'too_many', `must have at most ${L.maxThemes} themes`);
    return issues;
  }

  const ids = new Set<string>();
  let keywordsTotal = 0;
  let patternsTotal = 0;
  themes.forEach((theme: unknown, t) => {
    const at = `themes[${t}]`;
    if (!isRecord(theme)) {
      add(at, 'invalid_type', 'must be an object');
      return;
    }
    checkSlug(theme.id, `${at}.id`);
    if (typeof theme.id === 'string') {
      if (ids.has(theme.id)) add(`${at}.id`, 'duplicate', `duplicates theme id "${theme.id}"`);
      ids.add(theme.id);
    }
    checkString(theme.label, `${at}.label`, L.maxLabelLength);

    let themeKeywords = 0;
    if (!isRecord(theme.keywords)) {
      add(`${at}.keywords`, 'required', 'must be an object of language → keyword list');
    } else {
      const languages = Object.keys(theme.keywords);
      if (languages.length > L.maxLanguagesPerTheme) add(`${at}.keywords`, 'too_many', `must have at most ${L.maxLanguagesPerTheme} languages`);
      for (const lang of languages) {
        const path = `${at}.keywords.${lang}`;
        if (!LANGUAGE_RE.test(lang)) add(path, 'invalid_language', 'language keys must be ISO 639 codes (2–3 lower-case letters)');
        const list = theme.keywords[lang];
        if (!Array.isArray(list)) {
          add(path, 'invalid_type', 'must be an array of strings');
          continue;
        }
        themeKeywords += list.length;
        list.forEach((kw: unknown, k) => {
          if (typeof kw !== 'string') {
            add(`${path}[${k}]`, 'invalid_type', 'must be a string');
            return;
          }
          const parsed = parseKeyword(kw);
          if (typeof parsed === 'string') add(`${path}[${k}]`, 'invalid_keyword', parsed);
        });
      }
    }
    if (themeKeywords > L.maxKeywordsPerTheme) add(`${at}.keywords`, 'too_many', `must have at most ${L.maxKeywordsPerTheme} keywords per theme`);
    keywordsTotal += themeKeywords;

    let themePatterns = 0;
    if (theme.patterns !== undefined) {
      if (!Array.isArray(theme.patterns)) add(`${at}.patterns`, 'invalid_type', 'must be an array of strings');
      else {
        themePatterns = theme.patterns.length;
        if (themePatterns > L.maxPatternsPerTheme) add(`${at}.patterns`, 'too_many', `must have at most ${L.maxPatternsPerTheme} patterns per theme`);
        theme.patterns.forEach((p: unknown, k) => {
          if (typeof p !== 'string') {
            add(`${at}.patterns[${k}]`, 'invalid_type', 'must be a string');
            return;
          }
          const error = checkPattern(p);
          if (error !== null) add(`${at}.patterns[${k}]`, 'unsafe_pattern', error);
        });
      }
    }
    patternsTotal += themePatterns;
    if (themeKeywords === 0 && themePatterns === 0) add(at, 'empty_theme', 'needs at least one keyword or pattern');
  });
  if (keywordsTotal > L.maxKeywordsTotal) add('themes', 'too_many', `must have at most ${L.maxKeywordsTotal} keywords in total`);
  if (patternsTotal > L.maxPatternsTotal) add('themes', 'too_many', `must have at most ${L.maxPatternsTotal} patterns in total`);
  return issues;
}

/**
 * Contracts of the theme matcher. Taxonomies arrive as JSON from users, so
 * `validateTaxonomy` takes `unknown` and these types describe what passes it.
 */

/** One theme of a taxonomy. */
export interface TaxonomyTheme {
  /** Slug: lower-case letters and digits separated by single `-` or `_`. */
  id: string;
  /** Human-readable name shown in reports. */
  label: string;
  /**
   * Cues per language (ISO 639 code, e.g. `es`, `en`, `gn`). All languages are
   * matched on every text: comments mix languages and the cost is the same.
   * A cue is one to six words, matched case- and accent-insensitively on
   * whole words; a trailing `*` on a word (stem of 3+ letters) matches any
   * ending: `factur*` → factura, facturación, facturaron.
   */
  keywords: Record<string, readonly string[]>;
  /**
   * Optional regular expressions in a safe subset (see `taxonomy.validator.ts`),
   * matched against the folded text (lower case, no accents, elongations
   * squeezed) and anchored on word boundaries.
   */
  patterns?: readonly string[];
}

/** A user or built-in taxonomy. */
export interface Taxonomy {
  /** Slug, as for theme ids. */
  id: string;
  name: string;
  /** Free-form version string recorded with results (e.g. `2024.06.1`). */
  version: string;
  themes: readonly TaxonomyTheme[];
}

/** One problem found by `validateTaxonomy`. */
export interface TaxonomyIssue {
  /** Where, e.g. `themes[2].keywords.es[5]`. */
  path: string;
  /** Stable machine-readable code, e.g. `invalid_slug`, `unsafe_pattern`. */
  code: string;
  message: string;
}

/** A highlighted piece of text; UTF-16 offsets into the ORIGINAL text. */
export interface Evidence {
  start: number;
  end: number;
  /** `original.slice(start, end)`. */
  text: string;
}

/** A theme found in a text (in one sentence, when sentences were given). */
export interface ThemeHit {
  themeId: string;
  label: string;
  /** Non-overlapping, in text order. */
  evidence: Evidence[];
  /**
   * Index into the `sentences` passed to `matchThemes`; `null` when none
   * were passed (then there is one hit per theme for the whole text) or the
   * evidence lies outside every given span.
   */
  sentenceIndex: number | null;
}

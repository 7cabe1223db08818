import type { LanguageResult } from './analysis.types';
import type { LanguageDetector } from './analyzer-registry';
import { ES_FUNCTION_WORDS, GN_AMBIGUOUS_WORDS, GN_INFIXES, GN_PREFIXES, GN_SUFFIXES, GN_WORDS } from './guarani.lexicon';
import { foldText } from './text.tokenizer';

export const GUARANI_LANGID_VERSION = '0.1.0';

/** Words: letters and marks, with a puso (apostrophe) allowed between letters ("mba'e"). */
const WORD_RE = /[\p{L}\p{M}]+(?:['’ʼ‘´`][\p{L}\p{M}]+)*/gu;
/** Guarani postpositions and plural hyphenated onto a Spanish word: "Brasil-pe", "migrante-kuéra". */
const HYPHEN_SUFFIX_RE = /\p{L}-(?:pe|gua|pegua|kuéra|kuera|nguéra|gui|ygua|guáre|guare|rehe|ndive)(?![\p{L}\p{M}])/giu;
const APOSTROPHES_RE = /[’ʼ‘´`]/g;
/** Substitutes for the nasal tilde seen in practice (keyboards without ẽ ĩ ũ ỹ). */
const NASAL_SUBSTITUTES: Readonly<Record<string, string>> = { î: 'ĩ', û: 'ũ', ê: 'ẽ', ŷ: 'ỹ', ë: 'ẽ', ÿ: 'ỹ' };
const NASAL_SUBSTITUTE_RE = /[îûêŷëÿ]/g;
/** ẽ ĩ ũ ỹ and g̃ exist only in Guarani orthography. */
const GUARANI_NASAL_RE = /[ẽĩũỹ]|g\u0303/;
/** ã õ are Portuguese too; its commonest endings (-ão, -ões, -ãe, -ães) do not count. */
const SHARED_NASAL_RE = /[ãõ](?![oe]s?$)/;
const SUBSTITUTE_NASAL_RE = /[ëÿîûŷğ]/;
/** Puso: an apostrophe between vowels ("mba'e", "ñe'ẽ"); French "qu'il" is excluded below. */
const PUSO_RE = /[aeiouyáéíóúýãẽĩõũỹ]'[aeiouyáéíóúýãẽĩõũỹ]/;
/**
 * Stress marked on the penultimate syllable of a word ending in a vowel
 * ("ojapóva", "guasúpe"): Guarani marks it, Spanish spelling never does.
 */
const PENULT_ACCENT_RE = /[áéíóúý][bcdfghjklmnñprstvz]{1,2}[aeiouy]$/;
/** "y" as a vowel between consonants ("mbyky", "kytĩ"); English "system" also matches, so it is weak. */
const Y_VOWEL_RE = /[bcdfghjklmnñprstvz]y[bcdfghjklmnñprstvz]/;
/**
 * A stressed first vowel in a final "-Vi" ("ndoikói", "ndaha'éi", "okúi"):
 * Guarani verb endings and the nd…i negation; Spanish writes such endings
 * with "y" and never accents them.
 */
const FALLING_DIPHTHONG_RE = /[áéóú]i$/;
/** Letters Guarani orthography does not use (outside "ch", "mb", "nd"): a word with them is a loan. */
const FOREIGN_LETTER_RE = /[cqzxfwl]|(?<!n)d|(?<!m)b/;
const CAPITALIZED_RE = /^\p{Lu}\p{Ll}/u;
const NON_ASCII_OR_Y_RE = /[^a-z]|y/;
/** "ha" before a Spanish participle is the Spanish auxiliary ("ha llegado"). */
const PARTICIPLE_RE = /(?:ado|ido|ada|ida|to|cho)$/;

/** A text is Guarani when Guarani evidence per word reaches this share… */
const MIN_SHARE = 0.3;
/** …with at least this much evidence in total (one clear Guarani word)… */
const MIN_EVIDENCE = 0.8;
/** …or, in longer Jopara text, this much evidence from at least two clear words at a lower share. */
const JOPARA_EVIDENCE = 2.5;
const JOPARA_SHARE = 0.15;
/** Spanish share of the words above which a Guarani text is flagged as Jopara. */
const MIXED_SPANISH_SHARE = 0.15;
const UNDETERMINED: LanguageResult = Object.freeze({ code: 'und', confidence: 0 });

/** Lower case, NFC, one apostrophe for the puso. */
function lowerWord(word: string): string {
  const w = word.toLowerCase();
  return NON_ASCII_OR_Y_RE.test(w) ? w.normalize('NFC').replace(APOSTROPHES_RE, "'") : w;
}

/** {@link lowerWord} plus the nasal substitutes read as the tilde ("peteî" → "peteĩ"), for word-list look-ups. */
function normalizeWord(word: string): string {
  const w = lowerWord(word);
  return NON_ASCII_OR_Y_RE.test(w) ? w.replace(NASAL_SUBSTITUTE_RE, (c) => NASAL_SUBSTITUTES[c] ?? c) : w;
}

const SENTENCE_OPENERS = new Set(['.', '!', '?', '¡', '¿', '"', '“', '‘', "'", '(', '«', ':', '–', '-', '\n']);

/** True when the word at `index` starts the text or follows a sentence mark (ignoring spaces). */
function opensSentence(text: string, index: number): boolean {
  for (let k = index - 1; k >= 0; k--) {
    const ch = text[k];
    if (ch === ' ' || ch === '\t') continue;
    return SENTENCE_OPENERS.has(ch);
  }
  return true;
}

function affixTable(groups: ReadonlyArray<readonly [number, string]>): ReadonlyArray<readonly [string, number]> {
  return groups.flatMap(([evidence, list]) => list.split(' ').map((a) => [normalizeWord(a), evidence] as const));
}

/** Per-text counts, exposed for tests and diagnostics. */
export interface GuaraniEvidence {
  words: number;
  /** Sum of per-word Guarani evidence, each word capped at 1. */
  evidence: number;
  /** Words with evidence ≥ 0.8. */
  strong: number;
  /** Words that are Spanish and carry no Guarani evidence. */
  spanish: number;
}

/**
 * Guarani / Jopara detector, registered first in the chain: no n-gram
 * detector we ship knows Guarani, and eld reads it as Spanish.
 *
 * It scores each word for Guarani evidence from orthography (ẽ ĩ ũ ỹ g̃, the
 * puso between vowels, penultimate stress marks, initial mb/nd/ñ, "y" as a
 * vowel), morphology (verb prefixes oñe-/oje-/ombo-, negation nd…i,
 * suffixes -kuéra/-hápe, Spanish words hyphenated with -pe/-gua, o- on a
 * Spanish verb: "opresenta") and a hand-written word list (ha'e, ndive,
 * rehe, umi, peteĩ …). Enough evidence per word → `gn`; many Spanish
 * function words alongside → Jopara, reported as `mixed: ['gn', 'es']`.
 * Otherwise it answers `und` and the chain moves on to eld.
 */
export class GuaraniLanguageDetector implements LanguageDetector {
  readonly name = 'sentir-gn-langid';
  readonly version = GUARANI_LANGID_VERSION;

  private readonly gnWords = new Set(GN_WORDS.split(' ').map(normalizeWord));
  private readonly ambiguous = new Set(GN_AMBIGUOUS_WORDS.split(' '));
  private readonly prefixes = affixTable(GN_PREFIXES);
  private readonly suffixes = affixTable(GN_SUFFIXES);
  private readonly infixes = affixTable(GN_INFIXES);
  /** Long word-list entries, also matched as the stem of a longer word ("tembiapoita"). */
  private readonly stems = [...this.gnWords].filter((w) => w.length >= 6);
  private readonly spanishFunction = new Set(ES_FUNCTION_WORDS.split(' ').map(foldText));

  /** @param spanishVocabulary folded Spanish words, to spot Jopara ("o" + Spanish verb) and the Spanish share. */
  constructor(private readonly spanishVocabulary: ReadonlySet<string> = new Set()) {}

  detect(texts: readonly string[]): LanguageResult[] {
    return texts.map((t) => this.detectOne(t));
  }

  evidence(text: string): GuaraniEvidence {
    const out: GuaraniEvidence = { words: 0, evidence: 0, strong: 0, spanish: 0 };
    const matches = [...text.matchAll(WORD_RE)];
    for (let i = 0; i < matches.length; i++) {
      const raw = matches[i][0];
      const lower = lowerWord(raw);
      const w = normalizeWord(raw);
      const e = this.wordEvidence(lower, w, i + 1 < matches.length ? lowerWord(matches[i + 1][0]) : undefined);
      if (e === 0 && CAPITALIZED_RE.test(raw) && !opensSentence(text, matches[i].index)) {
        // A capitalised word inside a sentence is a name ("Mario Abdo Benítez"): no language evidence.
        continue;
      }
      out.words++;
      out.evidence += e;
      if (e >= 0.8) out.strong++;
      else if (e === 0 && this.isSpanish(w)) out.spanish++;
    }
    HYPHEN_SUFFIX_RE.lastIndex = 0;
    const hyphenated = text.match(HYPHEN_SUFFIX_RE)?.length ?? 0;
    // The suffix was counted as a word of its own (ambiguous "pe"); it is a clear mark.
    out.evidence += hyphenated * 0.6;
    out.strong += hyphenated;
    return out;
  }

  private detectOne(text: string): LanguageResult {
    const e = this.evidence(text);
    if (e.words === 0) return { ...UNDETERMINED };
    const share = e.evidence / e.words;
    const guarani =
      (share >= MIN_SHARE && e.evidence >= MIN_EVIDENCE) || (e.evidence >= JOPARA_EVIDENCE && e.strong >= 2 && share >= JOPARA_SHARE);
    if (!guarani) return { ...UNDETERMINED };
    // Share 0.15 → 0.6, 0.3 → 0.75, ≥ 0.55 → 1.
    const confidence = Math.round(Math.min(1, 0.45 + share) * 10000) / 10000;
    const result: LanguageResult = { code: 'gn', confidence };
    if (e.spanish / e.words >= MIXED_SPANISH_SHARE && e.spanish >= 2) result.mixed = ['gn', 'es'];
    return result;
  }

  /** Spanish by vocabulary, or a lower-case loan spelled with letters Guarani does not use ("suspensión"). */
  private isSpanish(w: string): boolean {
    const folded = foldText(w);
    return this.spanishFunction.has(folded) || this.spanishVocabulary.has(folded) || (w.length > 3 && FOREIGN_LETTER_RE.test(w));
  }

  /**
   * @param lower the word in lower case, for spelling features (a circumflex is weak evidence: French uses it)
   * @param w the same with nasal substitutes folded, for word lists and affixes
   */
  private wordEvidence(lower: string, w: string, next: string | undefined): number {
    if (this.gnWords.has(w)) return 1;
    if (this.ambiguous.has(w)) return w === 'ha' && next !== undefined && PARTICIPLE_RE.test(next) ? 0 : 0.4;
    let e = 0;
    if (NON_ASCII_OR_Y_RE.test(lower)) {
      if (GUARANI_NASAL_RE.test(lower)) e += 1;
      if (lower.includes("'") && PUSO_RE.test(w) && !lower.includes("qu'")) e += 1;
      if (SHARED_NASAL_RE.test(lower)) e += 0.3;
      if (SUBSTITUTE_NASAL_RE.test(lower)) e += 0.3;
      if (PENULT_ACCENT_RE.test(lower)) e += 0.6;
      if (FALLING_DIPHTHONG_RE.test(lower)) e += 0.8;
      if (Y_VOWEL_RE.test(lower)) e += 0.3;
    }
    for (const [m, ev] of this.infixes) if (w.length > m.length && w.includes(m)) e += ev;
    for (const stem of this.stems) {
      if (w.length > stem.length && w.startsWith(stem)) {
        e += 0.6;
        break;
      }
    }
    let prefix = 0;
    for (const [p, ev] of this.prefixes) if (ev > prefix && w.length >= p.length + 3 && w.startsWith(p)) prefix = ev;
    let suffix = 0;
    for (const [s, ev] of this.suffixes) if (ev > suffix && w.length >= s.length + 2 && w.endsWith(s)) suffix = ev;
    e += prefix + suffix;
    // Jopara verbs: Guarani person prefix on a Spanish stem ("opresenta", "ofalta").
    if (e < 1 && w.length >= 6 && w[0] === 'o' && this.spanishVocabulary.size > 0) {
      const folded = foldText(w);
      if (this.spanishVocabulary.has(folded.slice(1)) && !this.spanishVocabulary.has(folded)) e += 0.7;
    }
    return Math.min(1, e);
  }
}

import type { SentimentResult } from './analysis.types';
import type { SentimentAnalyzer } from './analyzer-registry';
import { GN_INTENSIFIER_SUFFIXES, GN_TO_SPANISH } from './guarani.lexicon';
import { sentimentFromTally } from './sentiment-score.util';
import { SPANISH_SENTIMENT_VERSION, SpanishSentimentAnalyzer, spanishVocabulary } from './spanish-sentiment.analyzer';
import { tokenize, type Token } from './text.tokenizer';

/** Bump on any change to the Guarani word map or the Jopara rules (the Spanish scorer has its own version). */
export const JOPARA_SENTIMENT_VERSION = '0.1.0';

const APOSTROPHES = new Set(["'", '’', 'ʼ', '‘', '´', '`']);
/**
 * The tokenizer folds Spanish accents and strips combining marks (g̃ → g);
 * the precomposed Guarani nasal vowels and their substitutes are folded here.
 */
const GN_NASAL_FOLD: Readonly<Record<string, string>> = { ĩ: 'i', ẽ: 'e', ũ: 'u', ỹ: 'y', ÿ: 'y', ğ: 'g' };
const GN_NASAL_RE = /[ĩẽũỹÿğ]/g;
const MIN_STEM = 3;

/**
 * Sentiment for Guarani and Jopara (`gn`), as a Paraguayan customer writes
 * it: "la internet ndofuncionái", "iporãiterei la atención", "ivai el servicio".
 *
 * Decision: there is no Guarani sentiment lexicon to ship, and Jopara
 * carries most of its evaluative load in Spanish, so this analyzer rewrites
 * Guarani tokens into the Spanish the Spanish scorer understands and lets
 * that scorer (negation, contrast, emphasis, emoji) do the rest:
 *
 * - a small hand-written map of Guarani evaluative and structural words
 *   (`GN_TO_SPANISH`: porã → bueno, vai → malo, aguyje → gracias, ha → y);
 * - intensifying suffixes -eterei/-ite → "muy" + stem;
 * - the circumfix negation nd(V)-…-i around a Spanish or mapped stem
 *   ("ndofuncionái" → "no funciona", "ndoikói" → "no anda");
 * - person/voice prefixes on Spanish verbs: o- ("ofunciona" → "funciona"),
 *   oñe-/oje- as the reflexive ("oñecorta" → "se corta").
 *
 * Pure Guarani text with none of these words comes out neutral; the
 * sentence structure of Guarani (postpositions, verb-final clauses) is not
 * modelled.
 */
export class JoparaSentimentAnalyzer implements SentimentAnalyzer {
  readonly name = 'sentir-gn-jopara';
  readonly version = `${JOPARA_SENTIMENT_VERSION}+es.${SPANISH_SENTIMENT_VERSION}`;
  readonly languages = ['gn'] as const;

  private readonly map = new Map(Object.entries(GN_TO_SPANISH));
  private readonly spanish: ReadonlySet<string>;
  private readonly intensifiers = GN_INTENSIFIER_SUFFIXES.split(' ');

  constructor(private readonly scorer: SpanishSentimentAnalyzer = new SpanishSentimentAnalyzer()) {
    this.spanish = spanishVocabulary();
  }

  analyze(texts: readonly string[]): SentimentResult[] {
    return texts.map((t) => sentimentFromTally(t, this.scorer.tallyTokens(this.toSpanish(t))));
  }

  /** The text's tokens with Guarani words replaced by their Spanish reading; offsets stay on the original text. */
  toSpanish(text: string): Token[] {
    const out: Token[] = [];
    for (const t of joinPuso(text, tokenize(text))) {
      if (t.kind !== 'word') {
        out.push(t);
        continue;
      }
      const words = this.read(t.norm.replace(GN_NASAL_RE, (c) => GN_NASAL_FOLD[c] ?? ''));
      if (!words) {
        out.push(t);
        continue;
      }
      for (const w of words) out.push({ ...t, norm: w, alt: undefined });
    }
    return out;
  }

  /** Spanish words for one folded Guarani word, or undefined to keep it as it is. */
  private read(w: string): string[] | undefined {
    const direct = this.lookup(w);
    if (direct) return direct;
    for (const suffix of this.intensifiers) {
      if (w.length - suffix.length >= MIN_STEM && w.endsWith(suffix)) {
        const stem = this.lookup(w.slice(0, -suffix.length));
        if (stem) return ['muy', ...stem];
      }
    }
    // nd(V)-…-i: "ndofuncionai" → "no funciona".
    if (w.length >= MIN_STEM + 3 && w.startsWith('nd') && w.endsWith('i')) {
      const core = w.slice(2, -1);
      const stem = this.known(core) ?? this.known(core.slice(1)) ?? this.prefixed(core);
      if (stem) return ['no', ...stem];
    }
    return this.prefixed(w);
  }

  /** Guarani person/voice prefixes on a Spanish verb: "ofunciona", "oñecorta" (folded "onecorta"). */
  private prefixed(w: string): string[] | undefined {
    for (const [prefix, reflexive] of [['one', true], ['oje', true], ['o', false]] as const) {
      if (w.length - prefix.length < MIN_STEM + 1 || !w.startsWith(prefix)) continue;
      const stem = w.slice(prefix.length);
      if (this.spanish.has(stem) && !this.spanish.has(w)) return reflexive ? ['se', stem] : [stem];
    }
    return undefined;
  }

  private lookup(w: string): string[] | undefined {
    const mapped = this.map.get(w);
    if (mapped !== undefined) return mapped.split(' ');
    return undefined;
  }

  /** A mapped Guarani word or a Spanish word the scorer knows. */
  private known(w: string): string[] | undefined {
    if (w.length < MIN_STEM) return undefined;
    return this.lookup(w) ?? (this.spanish.has(w) ? [w] : undefined);
  }
}

/** Joins words split at a puso ("mba" + "'" + "e" → "mba'e"): the tokenizer splits on apostrophes. */
function joinPuso(text: string, tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (t.kind === 'word' && prev?.kind === 'word' && t.start === prev.end + 1 && APOSTROPHES.has(text[prev.end])) {
      out[out.length - 1] = { ...prev, norm: `${prev.norm}'${t.norm}`, alt: undefined, end: t.end };
    } else {
      out.push(t);
    }
  }
  return out;
}

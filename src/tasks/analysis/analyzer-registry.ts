import type { AnalyzerVersion, LanguageResult, SentimentResult } from './analysis.types';

/** Detects the language of a batch of texts; one result per text, same order. */
export interface LanguageDetector extends AnalyzerVersion {
  detect(texts: readonly string[]): LanguageResult[];
}

/** Scores the sentiment of a batch of texts written in one of `languages`; same order. */
export interface SentimentAnalyzer extends AnalyzerVersion {
  /** ISO 639-1 codes this analyzer understands. An empty list marks a language-agnostic fallback. */
  readonly languages: readonly string[];
  analyze(texts: readonly string[]): SentimentResult[];
}

/**
 * Holds the analyzers of one engine. Adding an analyzer is one file that
 * implements {@link LanguageDetector} or {@link SentimentAnalyzer} plus one
 * `register…` line in `local-engine.ts`.
 *
 * Detectors run as a chain: the first confident answer wins, otherwise the
 * most confident one, so a specialised detector (e.g. Guarani) can be
 * registered in front of the general one, and a short-text detector behind
 * it, without touching it.
 */
export class AnalyzerRegistry {
  private readonly detectors: LanguageDetector[] = [];
  private readonly byLanguage = new Map<string, SentimentAnalyzer>();
  private fallback: SentimentAnalyzer | undefined;

  /** Appends a detector to the chain (earlier registrations are asked first). */
  registerDetector(detector: LanguageDetector): this {
    this.detectors.push(detector);
    return this;
  }

  /**
   * Registers a sentiment analyzer for its languages. A language can have one
   * analyzer; registering a second one for it is a wiring bug, so it throws.
   */
  registerSentiment(analyzer: SentimentAnalyzer): this {
    for (const lang of analyzer.languages) {
      const existing = this.byLanguage.get(lang);
      if (existing) {
        throw new Error(`Language '${lang}' already has sentiment analyzer '${existing.name}'`);
      }
      this.byLanguage.set(lang, analyzer);
    }
    return this;
  }

  /** Sets the analyzer used for languages nobody registered (including `'und'`). */
  registerFallback(analyzer: SentimentAnalyzer): this {
    this.fallback = analyzer;
    return this;
  }

  languageDetectors(): readonly LanguageDetector[] {
    return this.detectors;
  }

  /** Returns the analyzer for `lang`, or the fallback. Throws if neither exists (wiring bug). */
  sentimentFor(lang: string): SentimentAnalyzer {
    const analyzer = this.byLanguage.get(lang) ?? this.fallback;
    if (!analyzer) throw new Error(`No sentiment analyzer or fallback for '${lang}'`);
    return analyzer;
  }

  supportedLanguages(): string[] {
    return [...this.byLanguage.keys()].sort();
  }

  /** Every registered analyzer once, detectors first, for the engine's `analyzers` list. */
  all(): AnalyzerVersion[] {
    const seen = new Set<object>();
    const out: AnalyzerVersion[] = [];
    const add = (a: AnalyzerVersion | undefined): void => {
      if (!a || seen.has(a)) return;
      seen.add(a);
      out.push({ name: a.name, version: a.version });
    };
    this.detectors.forEach(add);
    this.byLanguage.forEach(add);
    add(this.fallback);
    return out;
  }
}

import type { AnalysisEngine, AnalyzerVersion, LanguageResult, SentimentResult, TextAnalysis, TextInput } from './analysis.types';
import { AnalyzerRegistry, type LanguageDetector, type SentimentAnalyzer } from './analyzer-registry';
import { loadEldDetector } from './eld-language.detector';
import { EmojiFallbackAnalyzer } from './emoji-fallback.analyzer';
import { GuaraniLanguageDetector } from './guarani-language.detector';
import { JoparaSentimentAnalyzer } from './jopara-sentiment.analyzer';
import { ENGLISH_COMMON_WORDS, LexiconLanguageDetector } from './lexicon-language.detector';
import { SpanishSentimentAnalyzer, spanishVocabulary } from './spanish-sentiment.analyzer';
import { VaderEnglishAnalyzer } from './vader-english.analyzer';

import { LOCAL_ENGINE_NAME, LOCAL_ENGINE_VERSION } from './engine-versions';

export { LOCAL_ENGINE_NAME, LOCAL_ENGINE_VERSION } from './engine-versions';

const UNDETERMINED = 'und';
/**
 * A detector answer at or above this confidence ends the chain. Below it the
 * next detector is asked, and if none is confident the most confident
 * answer wins ("No funciona": eld says es at 0.32, the lexicon detector at 0.75).
 */
const CONFIDENT = 0.5;
/** A BCP 47 tag's primary language subtag: "es", "es-PY", "pt_BR". */
const HINT_RE = /^([a-z]{2,3})(?:[-_][a-z0-9-_]*)?$/i;

/**
 * Normalises a caller's language hint. 'auto', empty and malformed hints mean
 * "detect"; we would rather detect than trust a hint we cannot read.
 */
export function normalizeLanguageHint(hint: string | undefined): string | undefined {
  if (hint === undefined) return undefined;
  const trimmed = hint.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'auto') return undefined;
  const m = HINT_RE.exec(trimmed);
  return m ? m[1].toLowerCase() : undefined;
}

function versionOf(a: AnalyzerVersion): AnalyzerVersion {
  return Object.freeze({ name: a.name, version: a.version });
}

/** Runs the registry's analyzers over batches. Pure and synchronous once built. */
export class LocalAnalysisEngine implements AnalysisEngine {
  readonly name = LOCAL_ENGINE_NAME;
  readonly version = LOCAL_ENGINE_VERSION;
  readonly analyzers: readonly AnalyzerVersion[];
  private readonly detectors: readonly LanguageDetector[];
  private readonly detectorVersions: readonly AnalyzerVersion[];
  private readonly sentimentVersions = new Map<SentimentAnalyzer, AnalyzerVersion>();

  constructor(private readonly registry: AnalyzerRegistry) {
    this.analyzers = Object.freeze(registry.all().map(versionOf));
    this.detectors = registry.languageDetectors();
    this.detectorVersions = this.detectors.map(versionOf);
  }

  supportedLanguages(): readonly string[] {
    return this.registry.supportedLanguages();
  }

  analyze(inputs: readonly TextInput[]): TextAnalysis[] {
    const n = inputs.length;
    // Non-strings can arrive from untyped callers (JSON, CSV); analyse them as empty text.
    const texts = inputs.map((i) => (typeof i?.text === 'string' ? i.text : ''));
    const languages = new Array<LanguageResult>(n);
    /** How many detectors of the chain ran for each text (0 = hint used). */
    const detectorsRun = new Array<number>(n).fill(0);

    let pending: number[] = [];
    for (let i = 0; i < n; i++) {
      const hint = normalizeLanguageHint(inputs[i]?.language);
      if (hint !== undefined) languages[i] = { code: hint, confidence: 1 };
      else pending.push(i);
    }
    for (const i of pending) languages[i] = { code: UNDETERMINED, confidence: 0 };
    for (let d = 0; d < this.detectors.length && pending.length > 0; d++) {
      const results = this.detectors[d].detect(pending.map((i) => texts[i]));
      const unsure: number[] = [];
      for (let k = 0; k < pending.length; k++) {
        const i = pending[k];
        const r = results[k];
        detectorsRun[i] = d + 1;
        if (r.code !== UNDETERMINED && r.confidence > languages[i].confidence) languages[i] = r;
        if (languages[i].confidence < CONFIDENT) unsure.push(i);
      }
      pending = unsure;
    }

    // One call per analyzer with all its texts, so analyzers can batch internally.
    const groups = new Map<SentimentAnalyzer, number[]>();
    const analyzerOf = new Array<SentimentAnalyzer>(n);
    for (let i = 0; i < n; i++) {
      const analyzer = this.registry.sentimentFor(languages[i].code);
      analyzerOf[i] = analyzer;
      const group = groups.get(analyzer);
      if (group) group.push(i);
      else groups.set(analyzer, [i]);
    }
    const sentiments = new Array<SentimentResult>(n);
    for (const [analyzer, indices] of groups) {
      const results = analyzer.analyze(indices.map((i) => texts[i]));
      for (let k = 0; k < indices.length; k++) sentiments[indices[k]] = results[k];
    }

    const out = new Array<TextAnalysis>(n);
    for (let i = 0; i < n; i++) {
      const used = this.detectorVersions.slice(0, detectorsRun[i]);
      used.push(this.sentimentVersion(analyzerOf[i]));
      out[i] = {
        language: languages[i],
        sentiment: sentiments[i],
        engine: { name: this.name, version: this.version, analyzers: used },
      };
    }
    return out;
  }

  private sentimentVersion(analyzer: SentimentAnalyzer): AnalyzerVersion {
    let v = this.sentimentVersions.get(analyzer);
    if (!v) {
      v = versionOf(analyzer);
      this.sentimentVersions.set(analyzer, v);
    }
    return v;
  }
}

/**
 * Builds the local engine. Language: our Guarani/Jopara detector first (no
 * n-gram detector we ship knows Guarani; eld reads it as Spanish), then eld,
 * then the word-list detector for short es/en comments. Sentiment: our
 * lexicon scorer for Spanish, the same scorer behind a Guarani-to-Spanish
 * reading for Guarani/Jopara, VADER-based rules for English, and an
 * emoji-only fallback for everything else. Loads eld once (dynamic import:
 * it is ESM-only); call once per process.
 *
 * To add an analyzer: implement LanguageDetector or SentimentAnalyzer in its
 * own file and add one line here. Detectors run in registration order; the
 * first confident answer wins.
 */
export async function createLocalEngine(): Promise<AnalysisEngine> {
  const registry = new AnalyzerRegistry()
    .registerDetector(new GuaraniLanguageDetector(spanishVocabulary()))
    .registerDetector(await loadEldDetector())
    .registerDetector(new LexiconLanguageDetector(new Map([['es', spanishVocabulary()], ['en', new Set(ENGLISH_COMMON_WORDS)]])))
    .registerSentiment(new SpanishSentimentAnalyzer())
    .registerSentiment(new JoparaSentimentAnalyzer())
    .registerSentiment(new VaderEnglishAnalyzer())
    .registerFallback(new EmojiFallbackAnalyzer());
  return new LocalAnalysisEngine(registry);
}

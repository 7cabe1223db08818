/**
 * Public contract of the local analysis engine. The API, the worker and the
 * persistence layer depend on exactly these shapes, so changes here are
 * breaking changes for stored results too.
 */

/**
 * Polarity of a text. `mixed` means strong positive and strong negative
 * evidence that roughly balance ("great screen but the battery is terrible");
 * `score` still says which way it leans.
 */
export type SentimentLabel = 'positive' | 'negative' | 'neutral' | 'mixed';

/** Detected (or hinted) language of one text. */
export interface LanguageResult {
  /** ISO 639-1 code; `'und'` when the text is too short or the detector is unsure. */
  code: string;
  /** Confidence in [0, 1]; 1 when the language came from a caller hint. */
  confidence: number;
  /**
   * Present when the text mixes languages, dominant first: Jopara (Guarani
   * with Spanish) is `code: 'gn', mixed: ['gn', 'es']`.
   */
  mixed?: string[];
}

/** Sentiment of one text. */
export interface SentimentResult {
  label: SentimentLabel;
  /** Polarity in [-1, 1] (VADER-style "compound"). */
  score: number;
  /** Confidence in [0, 1]: the probability of `label` in `scores`. */
  confidence: number;
  /**
   * Per-class scores, each in [0, 1], summing to ≈ 1 (including `mixed` when
   * present; analyzers that cannot tell mixed texts apart leave it out).
   */
  scores: { positive: number; neutral: number; negative: number; mixed?: number };
  /**
   * Per-sentence results, only when the text has two or more sentences with
   * words in them. Offsets are UTF-16 code-unit indices into the analysed
   * text (`text === input.slice(start, end)`).
   */
  sentences?: SentenceSentiment[];
}

/** Sentiment of one sentence of a longer text. */
export interface SentenceSentiment {
  text: string;
  start: number;
  end: number;
  label: SentimentLabel;
  /** Polarity in [-1, 1], on the same scale as the text's score. */
  score: number;
}

/** Name and version of one analyzer, recorded with every result so stored results stay explainable. */
export interface AnalyzerVersion {
  name: string;
  version: string;
}

/** Everything the engine says about one text. */
export interface TextAnalysis {
  language: LanguageResult;
  sentiment: SentimentResult;
  /** Engine identity plus the analyzers that actually ran for this text, in pipeline order. */
  engine: { name: string; version: string; analyzers: AnalyzerVersion[] };
}

/** One text to analyse. */
export interface TextInput {
  text: string;
  /**
   * `'auto'` (or absent) to detect the language; otherwise an ISO 639-1 hint
   * (a BCP 47 tag such as `es-PY` is reduced to `es`) that skips detection and
   * is reported with confidence 1.
   */
  language?: string;
}

/** A synchronous, batch-oriented text analysis engine. */
export interface AnalysisEngine {
  readonly name: string;
  readonly version: string;
  /** Every registered analyzer (detectors, sentiment analyzers, fallback). */
  readonly analyzers: readonly AnalyzerVersion[];
  /** Languages that have a real sentiment analyzer (not the fallback). */
  supportedLanguages(): readonly string[];
  /** Analyses a batch; the result has the same length and order as `inputs`. */
  analyze(inputs: readonly TextInput[]): TextAnalysis[];
}

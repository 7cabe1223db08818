import type { AnalyzerVersion, SentimentLabel, TextAnalysis, TextInput } from '../analysis.types';
import type { Taxonomy } from '../themes/theme.types';

/**
 * Contracts of the LLM engine (issue #4): an asynchronous engine that labels sentiment and
 * themes with an OpenAI-compatible chat-completions API and falls back to the local engine,
 * row by row, whenever the model cannot give a valid answer.
 */

/** Why a row was labelled by the local engine instead of the LLM. */
export type FallbackReason =
  /** The request failed for good: retries exhausted, a 4xx, a Retry-After beyond our cap. */
  | 'request_failed'
  /** The model answered, but not with JSON matching the schema (or it was cut off). */
  | 'invalid_response'
  /** The answer was valid but had no (valid) entry for this row. */
  | 'missing_row';

/** Marks a row the LLM could not label; stored with the row (`analysis.fallback`). */
export interface FallbackMark {
  reason: FallbackReason;
}

/** One text as the LLM engine returns it: the local engine's shape, plus theme ids or a fallback mark. */
export interface LlmTextAnalysis extends TextAnalysis {
  /** Ids of taxonomy themes the model found (only when a taxonomy was given and the LLM answered). */
  themeIds?: string[];
  /** Present when this row's labels come from the local engine. */
  fallback?: FallbackMark;
}

/** Tokens, requests and money spent by one call of the engine. */
export interface LlmUsage {
  /** HTTP requests sent, retries included. */
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** From the price table; 0 when the model has no price. */
  costUsd: number;
  /** Texts answered from the content-hash cache (no request). */
  cacheHits: number;
}

export interface LlmAnalyzeOptions {
  /** Themes the model may assign (by id); none asked for without it. */
  taxonomy?: Taxonomy;
  /**
   * The local engine's results for the same inputs, when the caller has them already: they
   * give the language and are the fallback. Computed by the engine otherwise.
   */
  local?: readonly TextAnalysis[];
}

export interface LlmAnalyzeResult {
  /** Same length and order as the inputs. */
  results: LlmTextAnalysis[];
  usage: LlmUsage;
  /** Indexes (into the inputs) of the rows that fell back to the local engine. */
  fallbackRows: number[];
}

/** A negative comment offered to the complaint summary. */
export interface ComplaintSample {
  rowNumber: number;
  text: string;
}

/** The model's digest of what people complain about, with rows to read as examples. */
export interface ComplaintSummary {
  summary: string;
  /** Most frequent first; at most 5. */
  topComplaints: { label: string; count: number; exampleRowNumbers: number[] }[];
}

export interface ComplaintSummaryResult {
  /** null when the model could not produce a valid summary (the batch still completes). */
  complaints: ComplaintSummary | null;
  /** Comments the model read: the first ones given, up to a character budget. */
  sampledRows: number;
  usage: LlmUsage;
}

/** An asynchronous engine: ENGINE=openai. The local engine stays the synchronous `AnalysisEngine`. */
export interface LlmEngine {
  readonly name: string;
  readonly version: string;
  readonly model: string;
  /** Recorded in `engine.analyzers` after the local analyzers that ran. */
  readonly analyzer: AnalyzerVersion;
  analyzeAsync(inputs: readonly TextInput[], options?: LlmAnalyzeOptions): Promise<LlmAnalyzeResult>;
  summarizeComplaints(items: readonly ComplaintSample[]): Promise<ComplaintSummaryResult>;
}

/** What the model said about one text; what the cache stores. */
export interface LlmLabel {
  sentiment: SentimentLabel;
  score: number;
  confidence: number;
  themes: string[];
}

/**
 * Content-hash cache of model answers. Asynchronous so that a shared (Redis) cache can
 * replace the in-process LRU without touching the engine.
 */
export interface LlmCache {
  getMany(keys: readonly string[]): Promise<(LlmLabel | undefined)[]>;
  setMany(entries: readonly (readonly [string, LlmLabel])[]): Promise<void>;
}

/** How one HTTP request ended, for metrics. */
export type RequestOutcome = 'ok' | 'invalid_response' | 'rate_limited' | 'server_error' | 'timeout' | 'connection_error' | 'client_error';

/** Observers the worker wires to Prometheus; the engine itself knows no metrics library. */
export interface LlmHooks {
  /** Every HTTP attempt; `error` says what went wrong (never contains the API key). */
  onRequest?(e: { model: string; outcome: RequestOutcome; promptTokens: number; completionTokens: number; costUsd: number; error?: string }): void;
  onFallback?(e: { model: string; reason: FallbackReason; rows: number }): void;
  onCacheHits?(e: { model: string; hits: number }): void;
}

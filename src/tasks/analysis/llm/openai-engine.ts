import OpenAI, { APIConnectionTimeoutError } from 'openai';
import type { AnalysisEngine, AnalyzerVersion, TextInput } from '../analysis.types';
import type { Taxonomy } from '../themes/theme.types';
import {
  COMPLETION_TOKENS_PER_COMMENT,
  labelMessages,
  labelResponseSchema,
  MAX_REQUEST_CHARS,
  MAX_TEXT_CHARS,
  parseLabels,
  parseSummary,
  PROMPT_VERSION,
  scoresFor,
  summaryMessages,
  summaryResponseSchema,
  SUMMARY_MAX_CHARS,
  SUMMARY_MAX_TOKENS,
  SUMMARY_TEXT_CHARS,
  taxonomyFingerprint,
  type ChatMessage,
} from './llm-prompts';
import type {
  ComplaintSample,
  ComplaintSummaryResult,
  FallbackReason,
  LlmAnalyzeOptions,
  LlmAnalyzeResult,
  LlmCache,
  LlmEngine,
  LlmHooks,
  LlmLabel,
  LlmTextAnalysis,
  LlmUsage,
  RequestOutcome,
} from './llm.types';
import { cacheKey, LruLlmCache } from './lru-cache';
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { ConcurrencyLimiter, estimateTokens, SYSTEM_CLOCK, TokenBudget, type Clock } from './token-budget';

import { OPENAI_ENGINE_NAME, OPENAI_ENGINE_VERSION } from '../engine-versions';

export { OPENAI_ENGINE_NAME, OPENAI_ENGINE_VERSION } from '../engine-versions';

export interface OpenAiEngineOptions {
  baseUrl: string;
  /** Empty for servers that need no key. */
  apiKey: string;
  model: string;
  /** Comments per request. */
  batchSize: number;
  concurrency: number;
  tokensPerMinute: number;
  /** Whole request, body included (the SDK's own timeout stops at the response headers). */
  timeoutMs: number;
  retry?: RetryPolicy;
  tokenLimitParam?: 'max_tokens' | 'max_completion_tokens';
  /** USD per 1M tokens; null = unknown (cost 0). */
  price: { input: number; output: number } | null;
  /** Default: an in-process LRU of 20,000 answers. */
  cache?: LlmCache;
  hooks?: LlmHooks;
  clock?: Clock;
  random?: () => number;
}

type CallResult<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; error: string } | { kind: 'failed'; error: string };

/** A text to ask about: the rows (input indexes) that share it and its cache key. */
interface Pending {
  key: string;
  text: string;
  rows: number[];
}

const EMPTY_USAGE = (): LlmUsage => ({ requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, cacheHits: 0 });

/**
 * Sentiment and themes from any OpenAI-compatible chat-completions server (OpenAI, Azure
 * OpenAI's v1 API, Ollama, vLLM) through the official SDK, with strict JSON-schema output.
 * Language comes from the local engine, which also answers for every row the model cannot:
 * a failed request, an invalid answer or a missing entry never fails the task, the row is
 * marked instead. Many comments per request; identical texts are asked once; answers are
 * cached by content hash. One instance per process: the concurrency limit, the token
 * budget and a server's Retry-After apply to all its jobs.
 */
export class OpenAiEngine implements LlmEngine {
  readonly name = OPENAI_ENGINE_NAME;
  readonly version = OPENAI_ENGINE_VERSION;
  readonly model: string;
  readonly analyzer: AnalyzerVersion;
  private readonly client: OpenAI;
  private readonly limiter: ConcurrencyLimiter;
  private readonly budget: TokenBudget;
  private readonly cache: LlmCache;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly hooks: LlmHooks;
  /** Set from a 429's Retry-After: no request of this process starts before it. */
  private pausedUntil = 0;

  constructor(
    private readonly local: AnalysisEngine,
    private readonly options: OpenAiEngineOptions,
  ) {
    this.model = options.model;
    this.analyzer = Object.freeze({ name: `llm:${options.model}`, version: `prompt-${PROMPT_VERSION}` });
    this.client = new OpenAI({
      // The SDK reads OPENAI_API_KEY from the environment when given nothing; config owns the environment.
      apiKey: options.apiKey || 'not-needed',
      baseURL: options.baseUrl,
      // Our deadline (below) covers the body too and fires first; ours are the only retries.
      timeout: options.timeoutMs + 1000,
      maxRetries: 0,
      logLevel: 'off',
    });
    this.limiter = new ConcurrencyLimiter(options.concurrency);
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.budget = new TokenBudget(options.tokensPerMinute, this.clock);
    this.cache = options.cache ?? new LruLlmCache(20_000);
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
    this.hooks = options.hooks ?? {};
  }

  async analyzeAsync(inputs: readonly TextInput[], options: LlmAnalyzeOptions = {}): Promise<LlmAnalyzeResult> {
    const local = options.local ?? this.local.analyze(inputs);
    if (local.length !== inputs.length) throw new Error(`local results (${local.length}) do not match the inputs (${inputs.length})`);
    const taxonomy = options.taxonomy && options.taxonomy.themes.length > 0 ? options.taxonomy : undefined;
    const fingerprint = taxonomyFingerprint(taxonomy);
    const themeIds = new Set(taxonomy?.themes.map((t) => t.id) ?? []);
    const usage = EMPTY_USAGE();
    const labels = new Array<LlmLabel | undefined>(inputs.length);
    const reasons = new Array<FallbackReason | undefined>(inputs.length);

    // Identical texts are asked once (batches repeat themselves a lot).
    const byKey = new Map<string, Pending>();
    inputs.forEach((input, i) => {
      const text = cut(typeof input?.text === 'string' ? input.text.trim() : '', MAX_TEXT_CHARS);
      if (text === '') {
        reasons[i] = 'missing_row';
        return;
      }
      const key = cacheKey(this.model, PROMPT_VERSION, fingerprint, text);
      const p = byKey.get(key);
      if (p) p.rows.push(i);
      else byKey.set(key, { key, text, rows: [i] });
    });

    const pending = [...byKey.values()];
    const cached = pending.length ? await this.cache.getMany(pending.map((p) => p.key)) : [];
    const misses: Pending[] = [];
    pending.forEach((p, k) => {
      const hit = cached[k];
      if (!hit) return misses.push(p);
      for (const i of p.rows) labels[i] = hit;
      usage.cacheHits += p.rows.length;
    });
    if (usage.cacheHits > 0) this.hooks.onCacheHits?.({ model: this.model, hits: usage.cacheHits });

    const fresh: [string, LlmLabel][] = [];
    await Promise.all(
      packRequests(misses, this.options.batchSize).map(async (group) => {
        const outcome = await this.labelGroup(group, taxonomy, themeIds, usage);
        group.forEach((p, k) => {
          const label = outcome.kind === 'ok' ? outcome.value.get(k + 1) : undefined;
          if (label) fresh.push([p.key, label]);
          for (const i of p.rows) {
            if (label) labels[i] = label;
            else reasons[i] = outcome.kind === 'failed' ? 'request_failed' : outcome.kind === 'invalid' ? 'invalid_response' : 'missing_row';
          }
        });
      }),
    );
    if (fresh.length) await this.cache.setMany(fresh);

    const fallbackRows: number[] = [];
    const fallbackCounts = new Map<FallbackReason, number>();
    const results = local.map((base, i): LlmTextAnalysis => {
      const label = labels[i];
      if (!label) {
        const reason = reasons[i] ?? 'missing_row';
        fallbackRows.push(i);
        fallbackCounts.set(reason, (fallbackCounts.get(reason) ?? 0) + 1);
        return { ...base, fallback: { reason } };
      }
      return {
        language: base.language,
        sentiment: { label: label.sentiment, score: label.score, confidence: label.confidence, scores: scoresFor(label.sentiment, label.confidence) },
        engine: { name: this.name, version: this.version, analyzers: [...base.engine.analyzers, this.analyzer] },
        ...(taxonomy ? { themeIds: label.themes } : {}),
      };
    });
    for (const [reason, rows] of fallbackCounts) this.hooks.onFallback?.({ model: this.model, reason, rows });
    return { results, usage, fallbackRows };
  }

  async summarizeComplaints(items: readonly ComplaintSample[]): Promise<ComplaintSummaryResult> {
    const usage = EMPTY_USAGE();
    const sample: ComplaintSample[] = [];
    let chars = 0;
    for (const item of items) {
      const text = cut(item.text.trim(), SUMMARY_TEXT_CHARS);
      if (text === '') continue;
      if (chars + text.length > SUMMARY_MAX_CHARS) break;
      chars += text.length;
      sample.push({ rowNumber: item.rowNumber, text });
    }
    if (sample.length === 0) return { complaints: { summary: '', topComplaints: [] }, sampledRows: 0, usage };
    const sampled = new Set(sample.map((s) => s.rowNumber));
    const outcome = await this.complete(summaryMessages(sample), 'complaint_summary', summaryResponseSchema(), SUMMARY_MAX_TOKENS, usage, (content) => {
      const parsed = parseSummary(content, sampled);
      return parsed.ok ? { ok: true, value: parsed.value } : parsed;
    });
    return { complaints: outcome.kind === 'ok' ? outcome.value : null, sampledRows: sample.length, usage };
  }

  private labelGroup(group: Pending[], taxonomy: Taxonomy | undefined, themeIds: ReadonlySet<string>, usage: LlmUsage): Promise<CallResult<Map<number, LlmLabel>>> {
    const comments = group.map((p, k) => ({ id: k + 1, text: p.text }));
    const ids = new Set(comments.map((c) => c.id));
    const maxTokens = COMPLETION_TOKENS_PER_COMMENT * comments.length + 50;
    return this.complete(labelMessages(comments, taxonomy), 'sentiment_labels', labelResponseSchema(taxonomy), maxTokens, usage, (content) => {
      const parsed = parseLabels(content, ids, themeIds);
      return parsed.ok ? { ok: true, value: parsed.labels } : parsed;
    });
  }

  /**
   * One chat completion with our retry policy. Holds a concurrency slot and a token
   * reservation per attempt, never while sleeping between attempts.
   */
  private async complete<T>(
    messages: ChatMessage[],
    schemaName: string,
    schema: Record<string, unknown>,
    maxTokens: number,
    usage: LlmUsage,
    parse: (content: string | null | undefined) => { ok: true; value: T } | { ok: false; error: string },
  ): Promise<CallResult<T>> {
    const estimate = estimateTokens(messages.reduce((n, m) => n + m.content.length, 0) + JSON.stringify(schema).length) + maxTokens;
    const reasoning = this.options.tokenLimitParam === 'max_completion_tokens';
    const body = {
      model: this.model,
      messages,
      response_format: { type: 'json_schema', json_schema: { name: schemaName, strict: true, schema } },
      [this.options.tokenLimitParam ?? 'max_tokens']: maxTokens,
      // Reasoning models accept only the default temperature.
      ...(reasoning ? {} : { temperature: 0 }),
    } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

    for (let attempt = 0; ; attempt++) {
      await this.waitForPause();
      const step = await this.limiter.run(async () => {
        // Again: a request queued for a slot while another got a 429 must not slip through.
        await this.waitForPause();
        const reservation = await this.budget.reserve(estimate);
        usage.requests++;
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
        try {
          const res = await this.client.chat.completions.create(body, { signal: deadline.signal });
          const content = typeof res === 'object' && res !== null && Array.isArray(res.choices) ? res.choices[0]?.message?.content : undefined;
          const promptTokens = res?.usage?.prompt_tokens ?? 0;
          const completionTokens = res?.usage?.completion_tokens ?? 0;
          reservation.settle(promptTokens + completionTokens || reservation.tokens);
          const costUsd = this.cost(promptTokens, completionTokens);
          usage.promptTokens += promptTokens;
          usage.completionTokens += completionTokens;
          usage.costUsd += costUsd;
          const parsed = parse(content);
          this.report(parsed.ok ? 'ok' : 'invalid_response', promptTokens, completionTokens, costUsd, parsed.ok ? undefined : parsed.error);
          return parsed.ok ? ({ kind: 'ok', value: parsed.value } as const) : ({ kind: 'invalid', error: parsed.error } as const);
        } catch (caught) {
          // Our deadline aborts the SDK's fetch or body read; either way it is a timeout.
          const err = deadline.signal.aborted ? new APIConnectionTimeoutError() : caught;
          const decision = decideRetry(err, attempt, this.retry, this.random, this.clock.now());
          // A refused request used no tokens; a timed-out one may have.
          reservation.settle(decision.outcome === 'timeout' ? reservation.tokens : 0);
          this.report(decision.outcome, 0, 0, 0, (err as Error)?.message);
          if (decision.retry && decision.serverAsked) this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + decision.delayMs);
          return { kind: 'error', decision, error: (err as Error)?.message ?? String(err) } as const;
        } finally {
          clearTimeout(timer);
        }
      });
      if (step.kind !== 'error') return step;
      if (!step.decision.retry) return step.decision.outcome === 'invalid_response' ? { kind: 'invalid', error: step.error } : { kind: 'failed', error: step.error };
      await this.clock.sleep(step.decision.delayMs);
    }
  }

  private async waitForPause(): Promise<void> {
    for (let wait = this.pausedUntil - this.clock.now(); wait > 0; wait = this.pausedUntil - this.clock.now()) await this.clock.sleep(wait);
  }

  private cost(promptTokens: number, completionTokens: number): number {
    const p = this.options.price;
    return p ? (promptTokens * p.input + completionTokens * p.output) / 1e6 : 0;
  }

  private report(outcome: RequestOutcome, promptTokens: number, completionTokens: number, costUsd: number, error?: string): void {
    this.hooks.onRequest?.({ model: this.model, outcome, promptTokens, completionTokens, costUsd, ...(error ? { error: this.scrub(error) } : {}) });
  }

  /** Error messages go to logs: a 401 from OpenAI quotes the key (partly masked); leave none of it. */
  private scrub(message: string): string {
    const key = this.options.apiKey;
    const bare = key.length >= 8 ? message.split(key).join('[redacted]') : message;
    return bare.replace(/\bsk-[\w*.-]{4,}/g, 'sk-[redacted]');
  }
}

/** Requests of at most `batchSize` texts and MAX_REQUEST_CHARS characters (at least one text each). */
export function packRequests<T extends { text: string }>(items: readonly T[], batchSize: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= batchSize || chars + item.text.length > MAX_REQUEST_CHARS)) {
      groups.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += item.text.length;
  }
  if (current.length) groups.push(current);
  return groups;
}

/** At most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end);
}

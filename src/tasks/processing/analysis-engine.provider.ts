import { Logger, type FactoryProvider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, redactUrl } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import { AnalysisEngine } from '../analysis/analysis.types';
import { createLocalEngine } from '../analysis/local-engine';
import type { LlmEngine } from '../analysis/llm/llm.types';
import { LruLlmCache } from '../analysis/llm/lru-cache';
import { OpenAiEngine } from '../analysis/llm/openai-engine';

export const ANALYSIS_ENGINE = Symbol('ANALYSIS_ENGINE');
/** The LLM engine with ENGINE=openai; null with ENGINE=local. */
export const LLM_ENGINE = Symbol('LLM_ENGINE');

/** Loaded once per worker process (language models are a few MB). */
export const analysisEngineProvider = {
  provide: ANALYSIS_ENGINE,
  useFactory: (): Promise<AnalysisEngine> => createLocalEngine(),
};

/**
 * One LLM engine per worker process, so its concurrency limit, token budget, cache and
 * Retry-After pauses cover every job of the process. The local engine is its fallback.
 */
export const llmEngineProvider: FactoryProvider<LlmEngine | null> = {
  provide: LLM_ENGINE,
  inject: [ConfigService, MetricsService, ANALYSIS_ENGINE],
  useFactory: (config: ConfigService<AppConfig, true>, metrics: MetricsService, local: AnalysisEngine): LlmEngine | null => {
    const c = config.get('llm', { infer: true });
    if (c.engine !== 'openai') return null;
    const logger = new Logger('LlmEngine');
    // Never the key itself; the URL's password (if any) masked.
    logger.log({ baseUrl: redactUrl(c.baseUrl), model: c.model, apiKey: c.apiKey ? 'set' : 'none', batchSize: c.batchSize, concurrency: c.concurrency, tpm: c.tokensPerMinute }, 'LLM engine: openai');
    if (!c.price) logger.warn({ model: c.model }, 'no price for this model (OPENAI_PRICES / OPENAI_PRICE_*_PER_1M): its cost is recorded as 0');
    return new OpenAiEngine(local, {
      baseUrl: c.baseUrl,
      apiKey: c.apiKey,
      model: c.model,
      batchSize: c.batchSize,
      concurrency: c.concurrency,
      tokensPerMinute: c.tokensPerMinute,
      timeoutMs: c.timeoutMs,
      retry: { maxRetries: c.maxRetries, baseDelayMs: c.retryBaseMs, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 },
      tokenLimitParam: c.tokenLimitParam,
      price: c.price,
      cache: new LruLlmCache(c.cacheSize),
      hooks: {
        onRequest: (e) => {
          metrics.llmRequests.inc({ model: e.model, outcome: e.outcome });
          if (e.promptTokens) metrics.llmTokens.inc({ model: e.model, kind: 'prompt' }, e.promptTokens);
          if (e.completionTokens) metrics.llmTokens.inc({ model: e.model, kind: 'completion' }, e.completionTokens);
          if (e.costUsd) metrics.llmCost.inc({ model: e.model }, e.costUsd);
          if (e.outcome !== 'ok') logger.warn({ model: e.model, outcome: e.outcome, error: e.error }, 'LLM request did not succeed');
        },
        onFallback: (e) => metrics.llmFallbackRows.inc({ reason: e.reason }, e.rows),
        onCacheHits: (e) => metrics.llmCacheHits.inc({ model: e.model }, e.hits),
      },
    });
  },
};

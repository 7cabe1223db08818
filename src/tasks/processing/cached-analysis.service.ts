import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AnalysisCache } from '../../cache/analysis-cache';
import { engineFingerprint, entryKey, keyNamespace, requestFingerprint, taxonomyCacheId } from '../../cache/cache-keys';
import { UsageRepository } from '../../usage/usage.repository';
import type { AnalysisEngine, TextAnalysis, TextInput } from '../analysis/analysis.types';
import { analysesOf, enrich, ENRICHMENT_VERSIONS, type EnrichOptions, type Enrichment } from '../analysis/enrichment';
import type { LlmEngine } from '../analysis/llm/llm.types';
import { ISP_DEFAULT_TAXONOMY } from '../analysis/themes/isp-default.taxonomy';
import { compileTaxonomy, type CompiledTaxonomy } from '../analysis/themes/theme.matcher';
import type { TaxonomySnapshot } from '../task.entity';
import { ANALYSIS_ENGINE, LLM_ENGINE } from './analysis-engine.provider';

export type FullAnalysis = TextAnalysis & Enrichment;

/** Texts of one call answered from the cache (either level, or a repeat within the call) vs analysed. */
export interface CacheCounts {
  hits: number;
  misses: number;
}

/**
 * The local pipeline (engine.analyze + enrich) behind the analysis cache, for batch chunks and
 * single texts. Each distinct (text, language hint) of a call is looked up in L1, then in
 * Redis in one MGET; only the rest is analysed, then written back in one pipelined round
 * trip. Cached values are JSON, so every caller gets objects of its own.
 */
@Injectable()
export class CachedAnalysisService {
  private readonly logger = new Logger(CachedAnalysisService.name);
  /** The local pipeline's build: part of every cache key. */
  readonly engineFingerprint: string;
  /**
   * What stored results depend on: the local build plus the LLM (ENGINE=openai relabels rows).
   * Batch summaries record it; a batch reuses another's rows only when the live workers match it.
   */
  readonly resultsFingerprint: string;
  private readonly namespace: string;
  private readonly taxonomyIds = new Map<string, string>();
  private readonly compiledTaxonomies = new Map<string, CompiledTaxonomy>();

  constructor(
    @Inject(ANALYSIS_ENGINE) private readonly engine: AnalysisEngine,
    private readonly cache: AnalysisCache,
    private readonly usage: UsageRepository,
    @Inject(LLM_ENGINE) llm: LlmEngine | null,
  ) {
    this.engineFingerprint = engineFingerprint({
      name: engine.name,
      version: engine.version,
      analyzers: [...engine.analyzers, ...Object.values(ENRICHMENT_VERSIONS)],
      extras: { builtInTaxonomy: createHash('sha256').update(JSON.stringify(ISP_DEFAULT_TAXONOMY)).digest('base64url') },
    });
    const llmId = llm ? `${llm.name}@${llm.version}/${llm.model}/${llm.analyzer.name}@${llm.analyzer.version}` : 'none';
    this.resultsFingerprint = createHash('sha256').update(`${this.engineFingerprint}\u0000${llmId}`).digest('base64url');
    this.namespace = keyNamespace(engine.name, engine.version);
    cache.announceEngine(this.resultsFingerprint);
  }

  /**
   * Results in input order. `taxonomy` is the task's snapshot when it has one (the compiled
   * form is in `wanted`); its id, version and content are part of the key.
   */
  async analyse(inputs: readonly TextInput[], wanted: EnrichOptions, taxonomy?: TaxonomySnapshot | null): Promise<{ results: FullAnalysis[]; cache: CacheCounts }> {
    const n = inputs.length;
    if (!this.cache.enabled) {
      const base = this.engine.analyze(inputs);
      return { results: base.map((a, i) => enrich(inputs[i].text, a, wanted)), cache: { hits: 0, misses: n } };
    }
    const requestFp = requestFingerprint(this.engineFingerprint, {
      analyses: wanted.analyses,
      taxonomy: wanted.analyses.has('themes') && taxonomy ? this.taxonomyId(taxonomy) : undefined,
    });
    const slotOf = new Array<number>(n);
    const slotByKey = new Map<string, number>();
    const keys: string[] = [];
    const firstInput: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = entryKey(this.namespace, requestFp, inputs[i].text, inputs[i].language);
      let slot = slotByKey.get(key);
      if (slot === undefined) {
        slot = keys.length;
        slotByKey.set(key, slot);
        keys.push(key);
        firstInput.push(i);
      }
      slotOf[i] = slot;
    }

    const lookup = await this.cache.getMany(keys, n - keys.length);
    const values = new Array<FullAnalysis | undefined>(keys.length);
    const todo: number[] = [];
    for (let slot = 0; slot < keys.length; slot++) {
      const raw = lookup.values[slot];
      if (raw !== undefined) {
        try {
          values[slot] = JSON.parse(raw) as FullAnalysis;
          continue;
        } catch {
          // A corrupt entry is analysed again (and overwritten).
        }
      }
      todo.push(slot);
    }

    if (todo.length > 0) {
      const base = this.engine.analyze(todo.map((slot) => inputs[firstInput[slot]]));
      const writes: [string, string][] = [];
      todo.forEach((slot, k) => {
        const full = enrich(inputs[firstInput[slot]].text, base[k], wanted);
        values[slot] = full;
        writes.push([keys[slot], JSON.stringify(full)]);
      });
      await this.cache.setMany(writes);
    }

    // Rows repeating a text share its result object: nothing downstream mutates it in place.
    const results = slotOf.map((slot) => values[slot]!);
    return { results, cache: { hits: n - todo.length, misses: todo.length } };
  }

  /**
   * Cache hits in `usage_records` (per user and day), under the local engine's name. Best
   * effort: usage accounting must not fail an analysis that is already stored.
   */
  async recordHits(task: { userId: string; id: string }, counts: CacheCounts): Promise<void> {
    if (counts.hits <= 0) return;
    try {
      await this.usage.record({
        userId: task.userId,
        taskId: task.id,
        engine: this.engine.name,
        model: '',
        requests: 0,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        texts: counts.hits + counts.misses,
        cacheHits: counts.hits,
        fallbackRows: 0,
      });
    } catch (err) {
      this.logger.debug({ taskId: task.id, err: (err as Error).message }, 'could not record cache hits in usage_records');
    }
  }

  /**
   * What to compute for a task: its analyses, and its taxonomy snapshot compiled once per version
   * and worker (bounded), since every chunk of a batch needs it. A stored taxonomy that no longer
   * compiles (stricter limits since) throws InvalidTaxonomyError: an input error for the caller.
   */
  wantedFor(analyses: readonly string[] | undefined, taxonomy?: TaxonomySnapshot | null): EnrichOptions {
    const wanted: EnrichOptions = { analyses: analysesOf(analyses) };
    if (!taxonomy) return wanted;
    const key = `${taxonomy.id}@${taxonomy.version}`;
    let compiled = this.compiledTaxonomies.get(key);
    if (!compiled) {
      compiled = compileTaxonomy(taxonomy.definition);
      if (this.compiledTaxonomies.size >= 100) this.compiledTaxonomies.clear();
      this.compiledTaxonomies.set(key, compiled);
    }
    return { ...wanted, taxonomy: compiled, taxonomyRef: { id: taxonomy.id, version: taxonomy.version } };
  }

  private taxonomyId(t: TaxonomySnapshot): string {
    const ref = `${t.id}@${t.version}`;
    let id = this.taxonomyIds.get(ref);
    if (!id) {
      id = taxonomyCacheId(t);
      if (this.taxonomyIds.size >= 100) this.taxonomyIds.clear();
      this.taxonomyIds.set(ref, id);
    }
    return id;
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LanguageResult, TextAnalysis } from '../analysis/analysis.types';
import type { Enrichment } from '../analysis/enrichment';
import { overlayLlm, type LlmOverlayTarget } from '../analysis/llm/llm-overlay';
import type { LlmEngine, LlmUsage } from '../analysis/llm/llm.types';
import { ISP_DEFAULT_TAXONOMY } from '../analysis/themes/isp-default.taxonomy';
import type { Taxonomy } from '../analysis/themes/theme.types';
import { BatchRepository, type ItemWrite } from '../batch.repository';
import type { BatchComplaints } from '../batch-summary';
import { batchOptionsOf, type Task } from '../task.entity';
import { UsageRepository } from '../../usage/usage.repository';
import { LLM_ENGINE } from './analysis-engine.provider';

/** Negative rows offered to the complaint summary (the engine reads as many as fit its character budget). */
const COMPLAINT_SAMPLE_ROWS = 200;

/** Spend of the LLM engine on a task, in its result's `engine.usage`. */
export interface EngineUsage extends LlmUsage {
  /** Rows (texts) the local engine labelled because the LLM could not; marked `fallback` in each row. */
  fallbackRows: number;
}

/** The engine identity of a stored result, with the LLM's additions. */
export interface EngineIdentity {
  name: string;
  version: string;
  analyzers: TextAnalysis['engine']['analyzers'];
  model?: string;
  usage?: EngineUsage;
}

/** Batch rows store no per-row engine (the summary names it once): the fallback keeps this placeholder out of the rows. */
const ROW_ENGINE: TextAnalysis['engine'] = { name: 'stored-row', version: '', analyzers: [] };

/**
 * ENGINE=openai, worker side. The local pipeline always runs first (language, sentiment,
 * themes, key phrases, emotion, PII, quality: cheap next to an HTTP round trip); the LLM
 * then relabels sentiment and themes, row by row, and rows it cannot label keep the local
 * labels with a `fallback` mark. Spend goes to `usage_records` and the task's result.
 * With ENGINE=local `enabled` is false and nothing here runs.
 */
@Injectable()
export class LlmAnalysisService {
  private readonly logger = new Logger(LlmAnalysisService.name);

  constructor(
    @Inject(LLM_ENGINE) private readonly engine: LlmEngine | null,
    private readonly usage: UsageRepository,
    private readonly batches: BatchRepository,
  ) {}

  get enabled(): boolean {
    return this.engine !== null;
  }

  /** A single task: relabels `analysis` in place and adds the model and the spend to its `engine`. */
  async relabelText(task: Task, text: string, analysis: TextAnalysis & Enrichment): Promise<void> {
    const engine = this.require();
    const taxonomy = analysis.themes !== undefined ? taxonomyOf(task) : undefined;
    const { results, usage, fallbackRows } = await engine.analyzeAsync([{ text, language: task.languageHint }], { taxonomy, local: [analysis] });
    Object.assign(analysis, overlayLlm(analysis, results[0], taxonomy));
    const identity: EngineIdentity = { ...analysis.engine, model: engine.model, usage: { ...usage, costUsd: round8(usage.costUsd), fallbackRows: fallbackRows.length } };
    analysis.engine = identity;
    await this.record(task, engine, usage, 1, fallbackRows.length);
  }

  /** A batch chunk: relabels the analysed rows before they are written. */
  async relabelItems(task: Task, items: ItemWrite[]): Promise<void> {
    const engine = this.require();
    const rows = items.filter((i) => i.error === null && i.analysis);
    if (rows.length === 0) return;
    const stored = rows.map((i) => i.analysis as LlmOverlayTarget & { language: LanguageResult });
    const taxonomy = stored.some((a) => a.themes !== undefined) ? taxonomyOf(task) : undefined;
    const local = stored.map((a) => ({ language: a.language, sentiment: a.sentiment, engine: ROW_ENGINE }));
    const { results, usage, fallbackRows } = await engine.analyzeAsync(
      rows.map((i) => ({ text: i.text, language: batchOptionsOf(task)?.language })),
      { taxonomy, local },
    );
    rows.forEach((item, k) => {
      const next = overlayLlm(stored[k], results[k], taxonomy);
      item.analysis = next;
      item.sentiment = next.sentiment.label;
      item.score = next.sentiment.score;
    });
    await this.record(task, engine, usage, rows.length, fallbackRows.length);
  }

  /**
   * A batch's summary: the complaint digest (one call over a sample of the negative rows)
   * and the engine identity with the task's total spend. A failed digest is `null`; the
   * batch completes anyway.
   */
  async completeSummary(task: Task, summary: { engine: EngineIdentity; complaints?: BatchComplaints | null }): Promise<void> {
    const engine = this.require();
    const sample = await this.batches.negativeSample(task.id, COMPLAINT_SAMPLE_ROWS);
    let complaints: BatchComplaints | null = { summary: '', topComplaints: [], sampledRows: 0 };
    if (sample.length > 0) {
      const r = await engine.summarizeComplaints(sample);
      await this.record(task, engine, r.usage, r.sampledRows, 0);
      complaints = r.complaints ? { ...r.complaints, sampledRows: r.sampledRows } : null;
      if (!r.complaints) this.logger.warn({ taskId: task.id }, 'the LLM gave no valid complaint summary');
    }
    const [totals, fallbackRows] = await Promise.all([this.usage.taskTotals(task.id), this.batches.fallbackRowCount(task.id)]);
    summary.engine = {
      name: engine.name,
      version: engine.version,
      model: engine.model,
      analyzers: [...summary.engine.analyzers, engine.analyzer],
      usage: { ...totals, costUsd: round8(totals.costUsd), fallbackRows },
    };
    summary.complaints = complaints;
  }

  private async record(task: Task, engine: LlmEngine, usage: LlmUsage, texts: number, fallbackRows: number): Promise<void> {
    await this.usage.record({ userId: task.userId, taskId: task.id, engine: engine.name, model: engine.model, ...usage, texts, fallbackRows });
  }

  private require(): LlmEngine {
    if (!this.engine) throw new Error('LLM engine not configured (ENGINE=local)');
    return this.engine;
  }
}

/** The task's own taxonomy (a snapshot taken when the batch was created), else the built-in one. */
function taxonomyOf(task: Task): Taxonomy {
  return task.options?.taxonomy?.definition ?? ISP_DEFAULT_TAXONOMY;
}

function round8(n: number): number {
  return Math.round(n * 1e8) / 1e8;
}

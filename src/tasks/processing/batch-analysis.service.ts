import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue, UnrecoverableError } from 'bullmq';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { problemTypeUri } from '../../common/errors/problem-types';
import { JobId, JobName } from '../../common/queue/job-names';
import type { FinalizeBatchPayload } from '../../common/queue/job-payloads';
import { BULL_PRIORITY } from '../../common/queue/queue.defaults';
import { BATCH_QUEUE } from '../../common/queue/queue.module';
import { AppConfig } from '../../config/config';
import { FilesRepository, type StoredRow } from '../../files/files.repository';
import { readDate } from '../../files/parsing/date.util';
import { MetricsService } from '../../monitoring/metrics.service';
import type { AnalysisEngine, TextAnalysis } from '../analysis/analysis.types';
import { analysesOf, ENRICHMENT_VERSIONS, themesVersion } from '../analysis/enrichment';
import { InvalidTaxonomyError } from '../analysis/themes/taxonomy.errors';
import { BatchRepository, type ItemWrite } from '../batch.repository';
import { buildBatchSummary } from '../batch-summary';
import { CallbacksService } from '../callbacks/callbacks.service';
import { TaskEventsService } from '../task-events.service';
import { batchOptionsOf, type BatchOptions, type Task } from '../task.entity';
import { TaskFailureReason } from '../tasks.errors';
import { TasksRepository } from '../tasks.repository';
import { ANALYSIS_ENGINE } from './analysis-engine.provider';
import { CachedAnalysisService, type CacheCounts } from './cached-analysis.service';
import { LlmAnalysisService } from './llm-analysis.service';
import { assertPinnedEngine } from './engine-pin';
import { engineFor, type EngineIdentity } from '../analysis/engine-versions';

export type ChunkOutcome = 'written' | 'skipped' | 'duplicate' | 'cancelled';

/** Stable reasons for rows a batch could not analyse (GET /tasks/{id}/errors). */
export const RowErrorReason = {
  EmptyText: 'empty_text',
  TextTooLong: 'text_too_long',
} as const;

/** Worker-side batch logic: one chunk at a time, then one summary. */
@Injectable()
export class BatchAnalysisService {
  private readonly logger = new Logger(BatchAnalysisService.name);

  constructor(
    private readonly tasks: TasksRepository,
    private readonly batches: BatchRepository,
    private readonly files: FilesRepository,
    private readonly events: TaskEventsService,
    private readonly metrics: MetricsService,
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(BATCH_QUEUE) private readonly queue: Queue,
    @Inject(ANALYSIS_ENGINE) private readonly engine: AnalysisEngine,
    private readonly callbacks: CallbacksService,
    private readonly llm: LlmAnalysisService,
    private readonly analysis: CachedAnalysisService,
  ) {
    this.running = engineFor(config.get('llm', { infer: true }).engine);
  }

  /** The engine this worker runs (a task's pin must match it). */
  private readonly running: EngineIdentity;

  /**
   * Analyses one chunk and writes it idempotently. A retried or duplicated job finds the
   * chunk done and does nothing; a cancelled task rolls the write back.
   */
  async runChunk(taskId: string, chunkIndex: number): Promise<ChunkOutcome> {
    const task = await this.tasks.findById(taskId);
    if (!task || (task.status !== 'queued' && task.status !== 'processing')) return 'skipped';
    const chunk = await this.batches.chunk(taskId, chunkIndex);
    if (!chunk || chunk.done) return 'skipped';
    if (task.status === 'queued' && (await this.batches.markBatchProcessing(taskId))) {
      await this.events.publish({ taskId, status: 'processing', processed: 0, total: task.progressTotal });
    }
    const options = batchOptionsOf(task);
    assertPinnedEngine(options?.engine, this.running);
    if (!task.fileId || !options) {
      await this.failTask(task, TaskFailureReason.InvalidInput, 'The file of this batch was deleted before every row was analysed.');
      return 'cancelled';
    }

    const rows = await this.files.readRows(task.fileId, chunk.fromRow, chunk.toRow);
    const latency = this.config.get('worker', { infer: true }).simulatedLatencyMs;
    if (latency > 0) await sleep(latency);
    let items: ItemWrite[];
    let cache: CacheCounts;
    try {
      ({ items, cache } = await this.analyseRows(rows, options));
    } catch (err) {
      if (!(err instanceof InvalidTaxonomyError)) throw err;
      await this.failTask(task, TaskFailureReason.InvalidInput, `The task's taxonomy can no longer be used: ${err.message}`);
      throw new UnrecoverableError('invalid taxonomy');
    }
    // ENGINE=openai: the LLM relabels sentiment and themes (local labels, marked, if it cannot).
    if (this.llm.enabled) await this.llm.relabelItems(task, items);
    const outcome = await this.batches.writeChunk(taskId, chunkIndex, items, cache);
    this.logger.debug({ taskId, chunkIndex, cacheHits: cache.hits, cacheMisses: cache.misses }, 'chunk analysed');
    if (outcome.kind === 'already-done') return 'duplicate';
    if (outcome.kind === 'not-processing') return 'cancelled';

    for (const item of items) this.metrics.batchRows.inc({ outcome: item.error ? 'error' : 'analysed' });
    await this.events.publish({ taskId, status: 'processing', processed: outcome.processed, total: outcome.total });
    if (outcome.chunksDone >= outcome.chunkCount) await this.enqueueFinalize(task);
    return 'written';
  }

  /** Builds the summary and completes the task; safe to run twice (complete() needs `processing`). */
  async finalize(taskId: string): Promise<'completed' | 'skipped'> {
    const task = await this.tasks.findById(taskId);
    if (!task || task.status !== 'processing') return 'skipped';
    const pending = await this.batches.pendingChunks(taskId);
    if (pending.length > 0) {
      // Should not happen (the last chunk enqueues us); the reconciler re-enqueues them.
      this.logger.warn({ taskId, pending: pending.length }, 'finalize found unfinished chunks');
      return 'skipped';
    }
    const facts = await this.batches.summaryFacts(taskId);
    const extras = [...analysesOf(task.options?.analyses)].filter((a) => a !== 'language' && a !== 'sentiment') as (keyof typeof ENRICHMENT_VERSIONS)[];
    const taxonomyRef = task.options?.taxonomy ? { id: task.options.taxonomy.id, version: task.options.taxonomy.version } : undefined;
    const analyzers = [...this.engine.analyzers, ...extras.map((a) => (a === 'themes' ? themesVersion(taxonomyRef) : ENRICHMENT_VERSIONS[a]))];
    const summary = { ...buildBatchSummary(facts), engine: { name: this.engine.name, version: this.engine.version, analyzers } };
    // ENGINE=openai: the complaint digest, and the LLM's identity and spend in `engine`.
    if (this.llm.enabled) await this.llm.completeSummary(task, summary);
    // The fingerprint lets a later batch over the same file reuse these rows (while it matches the workers').
    const cache = await this.batches.cacheCounts(taskId);
    Object.assign(summary.engine, { fingerprint: this.analysis.resultsFingerprint, ...(cache ? { cache } : {}) });
    if (!(await this.tasks.complete(taskId, summary as unknown as Record<string, unknown>, task.progressTotal))) return 'skipped';
    if (cache) await this.analysis.recordHits(task, cache);
    await this.events.publish({ taskId, status: 'completed', processed: task.progressTotal, total: task.progressTotal });
    this.metrics.tasksFinished.inc({ type: 'batch', status: 'completed' });
    await this.callbacks.schedule(task, 'completed');
    this.logger.log({ taskId, rows: facts.rows, errors: facts.errors, cacheHits: cache?.hits, cacheMisses: cache?.misses }, 'batch completed');
    return 'completed';
  }

  async enqueueFinalize(task: Pick<Task, 'id' | 'priority'>): Promise<void> {
    const payload: FinalizeBatchPayload = { taskId: task.id };
    await this.queue.add(JobName.FinalizeBatch, payload, { jobId: JobId.finalize(task.id), priority: BULL_PRIORITY[task.priority] });
  }

  private async analyseRows(rows: StoredRow[], o: BatchOptions): Promise<{ items: ItemWrite[]; cache: CacheCounts }> {
    const max = this.config.get('batch', { infer: true }).textMaxLength;
    const items: ItemWrite[] = rows.map((row) => {
      const cell = (i: number | null) => (i === null ? null : (row.cells[i] ?? '').trim() || null);
      const text = row.cells[o.textIndex] ?? '';
      const trimmed = text.trim();
      const length = [...trimmed].length;
      const error = trimmed.length === 0 ? RowErrorReason.EmptyText : length > max ? RowErrorReason.TextTooLong : null;
      const dateRaw = cell(o.dateIndex);
      const reading = dateRaw ? readDate(dateRaw, true) : undefined;
      const segments = o.segmentColumns.length ? Object.fromEntries(o.segmentColumns.map((s) => [s.name, (row.cells[s.index] ?? '').trim()])) : null;
      return {
        rowNumber: row.rowNumber,
        sourceRow: row.sourceRow,
        sourceId: cell(o.idIndex),
        text,
        itemDate: reading ? ((o.dateOrder === 'mdy' ? reading.mdy : reading.dmy) ?? reading.dmy ?? reading.mdy ?? null) : null,
        rating: cell(o.ratingIndex),
        segments,
        error,
        language: null,
        sentiment: null,
        score: null,
        textHash: error ? null : textHash(trimmed),
        analysis: null,
      };
    });
    const valid = items.filter((i) => i.error === null);
    const wanted = this.analysis.wantedFor(o.analyses, o.taxonomy);
    // Repeated comments are analysed once: per chunk, then across chunks and tasks (cache).
    const { results, cache } = await this.analysis.analyse(valid.map((i) => ({ text: i.text, language: o.language })), wanted, o.taxonomy);
    valid.forEach((item, k) => applyAnalysis(item, results[k]));
    for (const a of results) this.metrics.textsAnalysed.inc({ language: a.language.code });
    return { items, cache };
  }

  private async failTask(task: Task, reason: string, detail: string): Promise<void> {
    const ok = await this.tasks.fail(task.id, { type: problemTypeUri('unprocessable-input'), title: 'The analysis failed', status: 422, detail, reason });
    if (!ok) return;
    this.metrics.tasksFinished.inc({ type: 'batch', status: 'failed' });
    await this.events.publish({ taskId: task.id, status: 'failed', processed: task.progressProcessed, total: task.progressTotal });
    await this.callbacks.schedule(task, 'failed');
  }
}

/** Per-row result: the engine's identity is stored once, in the task summary. */
function applyAnalysis(item: ItemWrite, a: TextAnalysis): void {
  item.language = a.language.code;
  item.sentiment = a.sentiment.label;
  item.score = a.sentiment.score;
  const { engine: _engine, ...perRow } = a;
  // Sentence spans keep their offsets; repeating each sentence's text would double the row.
  const sentences = (perRow.sentiment as { sentences?: { text?: string }[] }).sentences;
  item.analysis = sentences ? { ...perRow, sentiment: { ...perRow.sentiment, sentences: sentences.map(({ text: _t, ...rest }) => rest) } } : perRow;
}

/** Duplicate detection key: case, accents, punctuation and spacing do not make a comment new. */
export function textHash(text: string): string {
  const normalized = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha1').update(normalized).digest('base64url').slice(0, 22);
}

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UnrecoverableError } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { problemTypeUri } from '../../common/errors/problem-types';
import { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import { engineFor, type EngineIdentity } from '../analysis/engine-versions';
import type { EnrichOptions } from '../analysis/enrichment';
import { InvalidTaxonomyError } from '../analysis/themes/taxonomy.errors';
import { CallbacksService } from '../callbacks/callbacks.service';
import { TaskEventsService } from '../task-events.service';
import { singleOptionsOf, TaskError } from '../task.entity';
import { TaskFailureReason } from '../tasks.errors';
import { TasksRepository } from '../tasks.repository';
import { CachedAnalysisService } from './cached-analysis.service';
import { assertPinnedEngine } from './engine-pin';
import { LlmAnalysisService } from './llm-analysis.service';

export type AnalysisOutcome = 'completed' | 'skipped' | 'cancelled';

/** Worker-side task logic. The API never loads this (nor the analysis engine). */
@Injectable()
export class TaskAnalysisService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly events: TaskEventsService,
    private readonly metrics: MetricsService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly callbacks: CallbacksService,
    private readonly llm: LlmAnalysisService,
    private readonly analysis: CachedAnalysisService,
  ) {
    this.running = engineFor(config.get('llm', { infer: true }).engine);
  }

  private readonly running: EngineIdentity;

  /**
   * Idempotent: a finished, cancelled or deleted task is left alone, and the result is
   * written only while the task is still `processing`, in one statement.
   */
  async runAnalysis(taskId: string): Promise<AnalysisOutcome> {
    const task = await this.tasks.markProcessing(taskId);
    if (!task) return 'skipped';
    await this.events.publish({ taskId, status: 'processing', processed: 0, total: task.progressTotal });

    const text = task.inputText;
    if (text === null || text.trim().length === 0) {
      await this.failPermanently(taskId, TaskFailureReason.InvalidInput, 'The task has no text to analyse.');
      throw new UnrecoverableError('task has no text');
    }
    const options = singleOptionsOf(task);
    assertPinnedEngine(options?.engine, this.running);
    let wanted: EnrichOptions;
    try {
      wanted = this.analysis.wantedFor(options?.analyses, options?.taxonomy);
    } catch (err) {
      if (!(err instanceof InvalidTaxonomyError)) throw err;
      await this.failPermanently(taskId, TaskFailureReason.InvalidInput, `The task's taxonomy can no longer be used: ${err.message}`);
      throw new UnrecoverableError('invalid taxonomy');
    }

    const latency = this.config.get('worker', { infer: true }).simulatedLatencyMs;
    if (latency > 0) await sleep(latency);

    // Every analysis unless the task chose some (language and sentiment always run).
    const {
      results: [analysis],
      cache,
    } = await this.analysis.analyse([{ text, language: task.languageHint }], wanted, options?.taxonomy);
    // ENGINE=openai: the LLM relabels sentiment and themes (local labels, marked, if it cannot).
    if (this.llm.enabled) await this.llm.relabelText(task, text, analysis);
    const stored = await this.tasks.complete(taskId, analysis as unknown as Record<string, unknown>, 1);
    if (!stored) return 'cancelled';
    this.metrics.textsAnalysed.inc({ language: analysis.language.code });
    this.metrics.tasksFinished.inc({ type: 'single', status: 'completed' });
    await this.analysis.recordHits(task, cache);
    await this.events.publish({ taskId, status: 'completed', processed: 1, total: 1 });
    await this.callbacks.schedule(task, 'completed');
    return 'completed';
  }

  /** Called when BullMQ has given up on a job (attempts exhausted). */
  async markRetriesExhausted(taskId: string, lastError: string, reason: string = TaskFailureReason.RetriesExhausted): Promise<void> {
    await this.failPermanently(taskId, reason, `Analysis failed after all retries: ${lastError}`);
  }

  private async failPermanently(taskId: string, reason: string, detail: string): Promise<void> {
    const error: TaskError = {
      type: problemTypeUri('unprocessable-input'),
      title: reason === TaskFailureReason.InvalidInput ? 'The input cannot be processed' : 'The analysis failed',
      status: 422,
      detail,
      reason,
    };
    if (await this.tasks.fail(taskId, error)) {
      await this.events.publish({ taskId, status: 'failed', processed: 0, total: 1 });
      // Only failures read the task again: most tasks have no callback, and failures are rare.
      const failed = await this.tasks.findById(taskId);
      if (failed) this.metrics.tasksFinished.inc({ type: failed.type, status: 'failed' });
      await this.callbacks.schedule(failed, 'failed');
    }
  }
}

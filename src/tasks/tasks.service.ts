import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../common/errors/domain-error';
import { JobName } from '../common/queue/job-names';
import { JobId } from '../common/queue/job-names';
import type { AnalyzeChunkPayload, AnalyzeTextPayload, FinalizeBatchPayload } from '../common/queue/job-payloads';
import type { FileRecord } from '../files/file.entity';
import { FilesRepository } from '../files/files.repository';
import { TaxonomiesService } from '../taxonomies/taxonomies.service';
import { CacheService } from '../cache/cache.service';
import { BatchRepository } from './batch.repository';
import { CallbacksService } from './callbacks/callbacks.service';
import { BatchAnalysis, CreateBatchTaskDto } from './dto/create-batch-task.dto';
import { ANALYSIS_QUEUE, BATCH_QUEUE } from '../common/queue/queue.module';
import { BULL_PRIORITY } from '../common/queue/queue.defaults';
import { AppConfig } from '../config/config';
import { MetricsService } from '../monitoring/metrics.service';
import { Principal } from '../auth/principal';
import { CreateSingleTaskDto } from './dto/create-single-task.dto';
import { AdminListTasksQuery } from './dto/admin-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import { TaskEventsService } from './task-events.service';
import { BatchOptions, SingleOptions, Task, TERMINAL_STATUSES } from './task.entity';
import { engineFor, pinMismatch, type EnginePin } from './analysis/engine-versions';
import { decodeCursor, encodeCursor, isUuid } from './task-cursor';
import { BatchFileNotFoundError, EmptyFileError, EngineUnavailableError, IdempotencyKeyConflictError, InvalidCursorError, TaskNotFoundError, TaskNotRetryableError } from './tasks.errors';
import { TasksRepository } from './tasks.repository';
import { DEFAULT_TAXONOMY_ID } from '../taxonomies/taxonomy.limits';

export interface CreateResult {
  task: Task;
  /** True when an Idempotency-Key matched an earlier identical request. */
  replayed: boolean;
}

export type RemoveResult = { action: 'cancelled'; task: Task } | { action: 'deleted' };

@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    private readonly tasks: TasksRepository,
    private readonly batches: BatchRepository,
    private readonly files: FilesRepository,
    private readonly taxonomies: TaxonomiesService,
    private readonly cache: CacheService,
    @Inject(ANALYSIS_QUEUE) private readonly queue: Queue,
    @Inject(BATCH_QUEUE) private readonly batchQueue: Queue,
    private readonly events: TaskEventsService,
    private readonly metrics: MetricsService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly callbacks: CallbacksService,
  ) {}

  async createSingle(principal: Principal, dto: CreateSingleTaskDto, idempotencyKey?: string, waitMs = 0): Promise<CreateResult> {
    const text = this.checkText(dto.text);
    const priority = dto.priority ?? 'normal';
    const language = dto.language ?? 'auto';
    // Absent fields leave the JSON (and so the hash of older requests) unchanged.
    const requestHash = hashRequest({
      type: 'single',
      text,
      priority,
      language,
      callbackUrl: dto.callbackUrl,
      analyses: dto.analyses ? [...dto.analyses].sort() : undefined,
      taxonomyId: dto.taxonomyId,
      taxonomyVersion: dto.taxonomyVersion,
      engine: dto.engine ? { name: dto.engine.name, version: dto.engine.version } : undefined,
    });

    if (idempotencyKey) {
      const existing = await this.tasks.findByIdempotencyKey(principal.userId, idempotencyKey);
      if (existing) return { task: this.assertSameRequest(existing, idempotencyKey, requestHash), replayed: true };
    }
    this.assertEngineAvailable(dto.engine);
    const options = await this.singleOptions(principal, dto);
    if (dto.callbackUrl) await this.callbacks.assertAllowed(dto.callbackUrl, principal);

    let task: Task;
    try {
      task = await this.tasks.insert({
        options,
        userId: principal.userId,
        type: 'single',
        status: 'queued',
        priority,
        languageHint: language,
        inputText: text,
        idempotencyKey: idempotencyKey ?? null,
        requestHash,
        progressTotal: 1,
        callbackUrl: dto.callbackUrl ?? null,
        apiKeyId: principal.keyId,
      });
    } catch (err) {
      // Two concurrent requests with one Idempotency-Key: the loser returns the winner's task.
      if (idempotencyKey && (err as { code?: string }).code === '23505') {
        const winner = await this.tasks.findByIdempotencyKey(principal.userId, idempotencyKey);
        if (winner) return { task: this.assertSameRequest(winner, idempotencyKey, requestHash), replayed: true };
      }
      throw err;
    }
    this.metrics.tasksCreated.inc({ type: 'single' });

    const waiter = waitMs > 0 ? this.events.waitFor(task.id, waitMs, (e) => TERMINAL_STATUSES.includes(e.status)) : undefined;
    // The row is committed: enqueue with jobId = taskId so a retry can never enqueue twice.
    await this.enqueue(task);
    if (waiter) {
      const event = await waiter.promise;
      if (event) task = (await this.tasks.findById(task.id)) ?? task;
    }
    return { task, replayed: false };
  }

  /**
   * A batch over an uploaded file: the task and its chunk rows are committed together,
   * then one job per chunk is enqueued (ids derived from the task id, so never twice).
   */
  async createBatch(principal: Principal, dto: CreateBatchTaskDto, idempotencyKey?: string): Promise<CreateResult> {
    const requestHash = hashRequest({ type: 'batch', ...dto });
    if (idempotencyKey) {
      const existing = await this.tasks.findByIdempotencyKey(principal.userId, idempotencyKey);
      if (existing) return { task: this.assertSameRequest(existing, idempotencyKey, requestHash), replayed: true };
    }
    const file = isUuid(dto.fileId) ? await this.files.findOwned(principal.userId, dto.fileId) : null;
    if (!file) throw new BatchFileNotFoundError(dto.fileId);
    if (file.rowCount === 0) throw new EmptyFileError(file.id);
    this.assertEngineAvailable(dto.engine);
    const options = resolveBatchOptions(file, dto);
    if (dto.engine) options.engine = { name: dto.engine.name, version: dto.engine.version };
    if (options.analyses.includes('themes')) {
      const t = await this.taxonomies.resolveForTask(principal, dto.taxonomyId, dto.taxonomyVersion);
      options.taxonomy = { id: t.id, version: t.version, definition: t.definition };
    }
    if (dto.callbackUrl) await this.callbacks.assertAllowed(dto.callbackUrl, principal);
    const priority = dto.priority ?? 'normal';
    const batch = this.config.get('batch', { infer: true });
    const values = {
      userId: principal.userId,
      type: 'batch' as const,
      status: 'queued' as const,
      priority,
      languageHint: options.language,
      inputText: null,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
      progressTotal: file.rowCount,
      fileId: file.id,
      options,
      retentionDays: batch.retentionDays,
      callbackUrl: dto.callbackUrl ?? null,
      apiKeyId: principal.keyId,
    };
    let task: Task;
    let reused = false;
    try {
      const copy = dto.reuse === false ? null : await this.reuseFinishedBatch(values);
      reused = copy !== null;
      task = copy ?? (await this.batches.insertBatch(values, batch.chunkSize));
    } catch (err) {
      if (idempotencyKey && (err as { code?: string }).code === '23505') {
        const winner = await this.tasks.findByIdempotencyKey(principal.userId, idempotencyKey);
        if (winner) return { task: this.assertSameRequest(winner, idempotencyKey, requestHash), replayed: true };
      }
      throw err;
    }
    this.metrics.tasksCreated.inc({ type: 'batch' });
    if (reused) {
      this.metrics.tasksFinished.inc({ type: 'batch', status: 'completed' });
      await this.events.publish({ taskId: task.id, status: 'completed', processed: task.progressTotal, total: task.progressTotal });
      await this.callbacks.schedule(task, 'completed');
      this.logger.log({ taskId: task.id, reusedFrom: (task.result as { reusedFrom?: string } | null)?.reusedFrom, rows: task.progressTotal }, 'batch reused the rows of an earlier one');
      return { task, replayed: false };
    }
    await this.enqueueChunks(task, Array.from({ length: task.chunkCount }, (_, i) => i));
    return { task, replayed: false };
  }

  /**
   * Issue #5: a completed batch of the same user over the same file (files are deduplicated per
   * user by sha256, so the same bytes are the same file) with the same resolved options lends
   * its rows, if the engine build that analysed them is the one every live worker runs now.
   * The new task is completed at once, without chunk jobs. Null: analyse as usual.
   */
  private async reuseFinishedBatch(values: Parameters<BatchRepository['insertReusedBatch']>[0]): Promise<Task | null> {
    const engine = await this.cache.currentEngine();
    if (!engine || !values.fileId || !values.options) return null;
    const wanted = reuseKey(values.options as BatchOptions);
    const candidates = await this.batches.reuseCandidates(values.userId, values.fileId, engine);
    // The query reads batch tasks only.
    const source = candidates.find((c) => c.options !== null && reuseKey(c.options as BatchOptions) === wanted);
    return source ? this.batches.insertReusedBatch(values, source.id, (result) => reusedResult(result, source.id)) : null;
  }

  /**
   * A pin this deployment cannot honour is refused now (422) rather than failing in a worker.
   * Workers check again: during a rolling upgrade they may run another build than this API.
   */
  private assertEngineAvailable(pin: EnginePin | undefined): void {
    const running = engineFor(this.config.get('llm', { infer: true }).engine);
    const why = pinMismatch(pin, running);
    if (why) throw new EngineUnavailableError(why, running);
  }

  /**
   * What a single task asks for beyond every analysis with the built-in taxonomy (null: nothing,
   * which keeps the row small). A taxonomy of the user's is snapshotted: later edits do not change it.
   */
  private async singleOptions(principal: Principal, dto: CreateSingleTaskDto): Promise<SingleOptions | null> {
    if (!dto.analyses && dto.taxonomyId === undefined && dto.taxonomyVersion === undefined && !dto.engine) return null;
    const analyses = dto.analyses ? [...new Set<string>([...dto.analyses, 'language', 'sentiment'])].sort() : [...BatchAnalysis];
    const options: SingleOptions = { analyses };
    if (analyses.includes('themes')) {
      const t = await this.taxonomies.resolveForTask(principal, dto.taxonomyId, dto.taxonomyVersion);
      if (t.id !== DEFAULT_TAXONOMY_ID) options.taxonomy = { id: t.id, version: t.version, definition: t.definition };
    }
    if (dto.engine) options.engine = { name: dto.engine.name, version: dto.engine.version };
    return options;
  }

  /** Chunk jobs for a committed batch; BullMQ ignores ids it already holds. */
  async enqueueChunks(task: Pick<Task, 'id' | 'priority'>, chunkIndexes: number[]): Promise<void> {
    try {
      for (let i = 0; i < chunkIndexes.length; i += 500) {
        await this.batchQueue.addBulk(
          chunkIndexes.slice(i, i + 500).map((chunkIndex) => ({
            name: JobName.AnalyzeChunk,
            data: { taskId: task.id, chunkIndex } satisfies AnalyzeChunkPayload,
            opts: { jobId: JobId.chunk(task.id, chunkIndex), priority: BULL_PRIORITY[task.priority] },
          })),
        );
      }
    } catch (err) {
      this.logger.warn({ taskId: task.id, err: (err as Error).message }, 'enqueue of chunks failed; the reconciler will retry');
    }
  }

  /** Waits (bounded) for an existing task to finish; used for replays with Prefer: wait. */
  async waitForTerminal(task: Task, waitMs: number): Promise<Task> {
    if (waitMs <= 0 || TERMINAL_STATUSES.includes(task.status)) return task;
    const waiter = this.events.waitFor(task.id, waitMs, (e) => TERMINAL_STATUSES.includes(e.status));
    // It may have finished between our read and the subscription.
    const fresh = await this.tasks.findById(task.id);
    if (fresh && TERMINAL_STATUSES.includes(fresh.status)) {
      waiter.cancel();
      return fresh;
    }
    const event = await waiter.promise;
    return event ? ((await this.tasks.findById(task.id)) ?? task) : (fresh ?? task);
  }

  async get(principal: Principal, id: string): Promise<Task> {
    const task = isUuid(id) ? await this.tasks.findOwned(principal.userId, id) : null;
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }

  async list(principal: Principal, query: ListTasksQuery): Promise<{ tasks: Task[]; nextCursor: string | null }> {
    const after = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    if (after === null) throw new InvalidCursorError();
    const limit = query.limit ?? 20;
    const page = await this.tasks.list({ userId: principal.userId, status: query.status, type: query.type, limit, after });
    const last = page.rows.length - 1;
    const nextCursor = page.hasMore && last >= 0 ? encodeCursor({ createdAt: page.createdAtKeys[last], id: page.rows[last].id }) : null;
    return { tasks: page.rows, nextCursor };
  }

  /** Cancels an unfinished task, or deletes a finished one. */
  async remove(principal: Principal, id: string): Promise<RemoveResult> {
    const task = await this.get(principal, id);
    if (!TERMINAL_STATUSES.includes(task.status)) {
      const cancelled = await this.tasks.cancelIfUnfinished(task.id);
      if (cancelled) {
        await this.dropJob(task.id);
        await this.events.publish({ taskId: task.id, status: 'cancelled', processed: cancelled.progressProcessed, total: cancelled.progressTotal });
        this.metrics.tasksFinished.inc({ type: cancelled.type, status: 'cancelled' });
        await this.callbacks.schedule(cancelled, 'cancelled');
        return { action: 'cancelled', task: cancelled };
      }
      // It finished while we looked: fall through and delete it.
    }
    await this.tasks.delete(task.id);
    await this.dropJob(task.id);
    return { action: 'deleted' };
  }

  /** Admins: every user's tasks (or one user's), newest first, each with its owner's name. */
  async listAll(query: AdminListTasksQuery): Promise<{ tasks: { task: Task; ownerName: string }[]; nextCursor: string | null }> {
    const after = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    if (after === null) throw new InvalidCursorError();
    const limit = query.limit ?? 20;
    const page = await this.tasks.listAll({ userId: query.userId, status: query.status, type: query.type, limit, after });
    const last = page.rows.length - 1;
    const nextCursor = page.hasMore && last >= 0 ? encodeCursor({ createdAt: page.createdAtKeys[last], id: page.rows[last].task.id }) : null;
    return { tasks: page.rows, nextCursor };
  }

  /**
   * Runs a failed or cancelled task again; its owner or an admin may (anyone else gets 404).
   * Its stale jobs go first: BullMQ keeps a failed job under its id, so adding the same id again
   * would do nothing, and the reconciler would fail the task again on seeing it. A Redis error
   * there leaves the task untouched (503). Then the row is reset, and jobs are added as at
   * creation: a single task's job, a batch's unwritten chunks, or its finalize job.
   */
  async retry(principal: Principal, id: string): Promise<Task> {
    const task = isUuid(id) ? await (principal.isAdmin ? this.tasks.findById(id) : this.tasks.findOwned(principal.userId, id)) : null;
    if (!task) throw new TaskNotFoundError(id);
    if (task.status !== 'failed' && task.status !== 'cancelled') throw new TaskNotRetryableError(task.id, task.status);
    const pending = task.type === 'batch' ? await this.batches.pendingChunks(task.id) : [];
    if (pending.length > 0 && !task.fileId) throw new TaskNotRetryableError(task.id, task.status, 'its file was deleted, so its remaining rows cannot be read');

    const staleJobs: [Queue, string][] =
      task.type === 'single' ? [[this.queue, task.id]] : pending.length ? pending.map((i) => [this.batchQueue, JobId.chunk(task.id, i)]) : [[this.batchQueue, JobId.finalize(task.id)]];
    for (const [queue, jobId] of staleJobs) {
      const state = await queue.getJobState(jobId);
      // An active job is left alone: it finds the task queued again and carries on.
      if (state === 'failed' || state === 'completed') await queue.remove(jobId);
    }

    const reset = await this.tasks.resetForRetry(task.id, this.config.get('batch', { infer: true }).retentionDays);
    if (!reset) {
      // Another retry (or a delete) got there first.
      const current = await this.tasks.findById(task.id);
      if (!current) throw new TaskNotFoundError(id);
      throw new TaskNotRetryableError(task.id, current.status);
    }
    this.metrics.tasksRetried.inc({ type: reset.type });
    if (reset.type === 'single') await this.enqueue(reset);
    else if (pending.length) await this.enqueueChunks(reset, pending);
    else await this.enqueueFinalize(reset);
    await this.events.publish({ taskId: reset.id, status: reset.status, processed: reset.progressProcessed, total: reset.progressTotal });
    return reset;
  }

  /** A batch whose chunks are all written only needs its summary built. */
  private async enqueueFinalize(task: Pick<Task, 'id' | 'priority'>): Promise<void> {
    try {
      await this.batchQueue.add(JobName.FinalizeBatch, { taskId: task.id } satisfies FinalizeBatchPayload, { jobId: JobId.finalize(task.id), priority: BULL_PRIORITY[task.priority] });
    } catch (err) {
      this.logger.warn({ taskId: task.id, err: (err as Error).message }, 'enqueue of finalize failed; the reconciler will retry');
    }
  }

  /** Adds the job for a committed task. Safe to call again: BullMQ ignores a duplicate jobId. */
  async enqueue(task: Pick<Task, 'id' | 'priority'>): Promise<void> {
    const payload: AnalyzeTextPayload = { taskId: task.id };
    try {
      await this.queue.add(JobName.AnalyzeText, payload, { jobId: task.id, priority: BULL_PRIORITY[task.priority] });
    } catch (err) {
      // The task is safe in PostgreSQL; the reconciler enqueues it once Redis answers again.
      this.logger.warn({ taskId: task.id, err: (err as Error).message }, 'enqueue failed; the reconciler will retry');
    }
  }

  private async dropJob(taskId: string): Promise<void> {
    try {
      const job = await this.queue.getJob(taskId);
      // An active job is locked by its worker; the worker sees the cancellation when it saves.
      if (job && !(await job.isActive())) await job.remove();
    } catch {
      // Best effort: a leftover job finds the task cancelled or gone and does nothing.
    }
  }

  private checkText(text: string): string {
    const max = this.config.get('limits', { infer: true }).textMaxLength;
    const length = [...text].length;
    const problems: string[] = [];
    if (text.trim().length === 0) problems.push('must contain at least one non-space character');
    if (length > max) problems.push(`must be at most ${max} characters (got ${length})`);
    if (text.includes('\u0000')) problems.push('must not contain NUL characters');
    if (!text.isWellFormed()) problems.push('must be well-formed Unicode (no lone surrogates)');
    if (problems.length) throw new ValidationFailedError(problems.map((message) => ({ field: 'text', message })));
    return text;
  }

  private assertSameRequest(existing: Task, key: string, requestHash: string): Task {
    if (existing.requestHash !== requestHash) throw new IdempotencyKeyConflictError(key, existing.id);
    return existing;
  }
}

/** Column names → indexes, fixed at creation: defaults are the columns the upload guessed. */
function resolveBatchOptions(file: FileRecord, dto: CreateBatchTaskDto): BatchOptions {
  const names = file.details.columns.map((c) => c.name);
  const errors: { field: string; message: string }[] = [];
  const index = (field: string, name: string | null | undefined): number | null => {
    if (name === undefined || name === null) return null;
    const i = names.indexOf(name);
    if (i < 0) errors.push({ field, message: `column "${name}" is not in the file; its columns are: ${names.map((n) => JSON.stringify(n)).join(', ')}` });
    return i < 0 ? null : i;
  };
  const textColumn = dto.textColumn ?? file.details.guessed.textColumn ?? '';
  const textIndex = index('textColumn', textColumn);
  const idColumn = dto.idColumn ?? file.details.guessed.idColumn;
  const dateColumn = dto.dateColumn ?? file.details.guessed.dateColumn;
  const options: BatchOptions = {
    textColumn,
    textIndex: textIndex ?? 0,
    idColumn: idColumn ?? null,
    idIndex: index('idColumn', idColumn),
    dateColumn: dateColumn ?? null,
    dateIndex: index('dateColumn', dateColumn),
    dateOrder: dto.dateColumn && dto.dateColumn !== file.details.guessed.dateColumn ? 'dmy' : (file.details.guessed.dateOrder ?? 'dmy'),
    ratingColumn: dto.ratingColumn ?? null,
    ratingIndex: index('ratingColumn', dto.ratingColumn),
    segmentColumns: (dto.segmentColumns ?? []).map((name, k) => ({ name, index: index(`segmentColumns[${k}]`, name) ?? -1 })),
    language: dto.language ?? 'auto',
    analyses: dto.analyses ?? [...BatchAnalysis],
    fileName: file.filename,
  };
  if (errors.length) throw new ValidationFailedError(errors);
  return options;
}

/** Options that decide a batch's rows, in a canonical form (jsonb reorders keys; analysis order does not matter). */
function reuseKey(o: BatchOptions): string {
  const analyses = [...new Set([...o.analyses, 'language', 'sentiment'])].sort();
  return canonicalJson({ ...o, fileName: null, analyses });
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The source's summary, marked: every analysed row counts as a cache hit, and nothing was spent. */
function reusedResult(source: Record<string, unknown>, sourceId: string): Record<string, unknown> {
  const analysed = (source.totals as { analysed?: number } | undefined)?.analysed ?? 0;
  const { usage: _usage, ...engine } = (source.engine ?? {}) as Record<string, unknown>;
  return { ...source, engine: { ...engine, cache: { hits: analysed, misses: 0 } }, reusedFrom: sourceId };
}

function hashRequest(body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../common/errors/domain-error';
import { JobName } from '../common/queue/job-names';
import { JobId } from '../common/queue/job-names';
import type { AnalyzeChunkPayload, AnalyzeTextPayload } from '../common/queue/job-payloads';
import type { FileRecord } from '../files/file.entity';
import { FilesRepository } from '../files/files.repository';
import { BatchRepository } from './batch.repository';
import { CallbacksService } from './callbacks/callbacks.service';
import { BatchAnalysis, CreateBatchTaskDto } from './dto/create-batch-task.dto';
import { ANALYSIS_QUEUE, BATCH_QUEUE } from '../common/queue/queue.module';
import { BULL_PRIORITY } from '../common/queue/queue.defaults';
import { AppConfig } from '../config/config';
import { MetricsService } from '../monitoring/metrics.service';
import { Principal } from '../auth/principal';
import { CreateSingleTaskDto } from './dto/create-single-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import { TaskEventsService } from './task-events.service';
import { BatchOptions, Task, TERMINAL_STATUSES } from './task.entity';
import { decodeCursor, encodeCursor, isUuid } from './task-cursor';
import { BatchFileNotFoundError, EmptyFileError, IdempotencyKeyConflictError, InvalidCursorError, TaskNotFoundError } from './tasks.errors';
import { TasksRepository } from './tasks.repository';

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
    // An absent callbackUrl leaves the JSON (and so the hash of older requests) unchanged.
    const requestHash = hashRequest({ type: 'single', text, priority, language, callbackUrl: dto.callbackUrl });

    if (idempotencyKey) {
      const existing = await this.tasks.findByIdempotencyKey(principal.userId, idempotencyKey);
      if (existing) return { task: this.assertSameRequest(existing, idempotencyKey, requestHash), replayed: true };
    }
    if (dto.callbackUrl) await this.callbacks.assertAllowed(dto.callbackUrl);

    let task: Task;
    try {
      task = await this.tasks.insert({
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
    const options = resolveBatchOptions(file, dto);
    if (dto.callbackUrl) await this.callbacks.assertAllowed(dto.callbackUrl);
    const priority = dto.priority ?? 'normal';
    const batch = this.config.get('batch', { infer: true });
    let task: Task;
    try {
      task = await this.batches.insertBatch(
        {
          userId: principal.userId,
          type: 'batch',
          status: 'queued',
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
        },
        batch.chunkSize,
      );
    } catch (err) {
      if (idempotencyKey && (err as { code?: string }).code === '23505') {
        const winner = await this.tasks.findByIdempotencyKey(principal.userId, idempotencyKey);
        if (winner) return { task: this.assertSameRequest(winner, idempotencyKey, requestHash), replayed: true };
      }
      throw err;
    }
    this.metrics.tasksCreated.inc({ type: 'batch' });
    await this.enqueueChunks(task, Array.from({ length: task.chunkCount }, (_, i) => i));
    return { task, replayed: false };
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
        await this.callbacks.schedule(cancelled, 'cancelled');
        return { action: 'cancelled', task: cancelled };
      }
      // It finished while we looked: fall through and delete it.
    }
    await this.tasks.delete(task.id);
    await this.dropJob(task.id);
    return { action: 'deleted' };
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

function hashRequest(body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../common/errors/domain-error';
import { JobName } from '../common/queue/job-names';
import { AnalyzeTextPayload } from '../common/queue/job-payloads';
import { ANALYSIS_QUEUE } from '../common/queue/queue.module';
import { BULL_PRIORITY } from '../common/queue/queue.defaults';
import { AppConfig } from '../config/config';
import { MetricsService } from '../monitoring/metrics.service';
import { Principal } from '../auth/principal';
import { CreateSingleTaskDto } from './dto/create-single-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import { TaskEventsService } from './task-events.service';
import { Task, TERMINAL_STATUSES } from './task.entity';
import { decodeCursor, encodeCursor, isUuid } from './task-cursor';
import { IdempotencyKeyConflictError, InvalidCursorError, TaskNotFoundError } from './tasks.errors';
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
    @Inject(ANALYSIS_QUEUE) private readonly queue: Queue,
    private readonly events: TaskEventsService,
    private readonly metrics: MetricsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async createSingle(principal: Principal, dto: CreateSingleTaskDto, idempotencyKey?: string, waitMs = 0): Promise<CreateResult> {
    const text = this.checkText(dto.text);
    const priority = dto.priority ?? 'normal';
    const language = dto.language ?? 'auto';
    const requestHash = hashRequest({ type: 'single', text, priority, language });

    if (idempotencyKey) {
      const existing = await this.tasks.findByIdempotencyKey(principal.userId, idempotencyKey);
      if (existing) return { task: this.assertSameRequest(existing, idempotencyKey, requestHash), replayed: true };
    }

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

function hashRequest(body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ANALYSIS_QUEUE, BATCH_QUEUE, REDIS_CLIENT } from '../../common/queue/queue.module';
import { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import { TasksRepository } from '../tasks.repository';
import { TasksService } from '../tasks.service';
import { JobId } from '../../common/queue/job-names';
import { BatchRepository } from '../batch.repository';
import type { CallbackEvent } from '../../common/queue/job-payloads';
import type { Task } from '../task.entity';
import { CallbacksService } from '../callbacks/callbacks.service';
import { BatchAnalysisService } from './batch-analysis.service';
import { TaskAnalysisService } from './task-analysis.service';

const MAX_PER_RUN = 1000;

/**
 * PostgreSQL is the source of truth. Every RECONCILE_INTERVAL_MS one worker (a Redis lock
 * elects it) looks for tasks that are `queued`/`processing` in the database but have no
 * live job — after Redis lost its data, or an enqueue that failed while Redis was down —
 * and enqueues them again (jobId = taskId, so this never duplicates a live job).
 * A timer, not a BullMQ repeatable job, so that it survives Redis losing everything.
 */
@Injectable()
export class TaskReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaskReconciler.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly owner = randomUUID();

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly tasksRepo: TasksRepository,
    private readonly tasks: TasksService,
    private readonly analysis: TaskAnalysisService,
    private readonly batchAnalysis: BatchAnalysisService,
    private readonly batches: BatchRepository,
    private readonly metrics: MetricsService,
    private readonly callbacks: CallbacksService,
    @Inject(ANALYSIS_QUEUE) private readonly queue: Queue,
    @Inject(BATCH_QUEUE) private readonly batchQueue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
  ) {}

  onApplicationBootstrap(): void {
    const { intervalMs } = this.config.get('reconcile', { infer: true });
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { intervalMs } = this.config.get('reconcile', { infer: true });
      const lockKey = `${this.config.get('queue', { infer: true }).prefix}:reconciler:lock`;
      const got = await this.redis.set(lockKey, this.owner, 'PX', Math.max(1000, intervalMs - 100), 'NX');
      if (got === 'OK') await this.reconcileOnce();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'reconcile pass failed; will try again');
    } finally {
      this.running = false;
    }
  }

  /** One pass; returns how many tasks it acted on. Public for tests and drills. */
  async reconcileOnce(): Promise<number> {
    const { graceMs } = this.config.get('reconcile', { infer: true });
    const stale = await this.tasksRepo.findStaleUnfinished(graceMs, MAX_PER_RUN);
    let acted = 0;
    for (const task of stale) {
      if (task.type === 'batch') {
        acted += await this.reconcileBatch(task);
        continue;
      }
      const state = await this.queue.getJobState(task.id);
      if (state === 'unknown' || state === 'completed') {
        if (state === 'completed') await this.queue.remove(task.id).catch(() => undefined);
        await this.tasks.enqueue(task);
        await this.tasksRepo.touch(task.id);
        this.metrics.tasksReconciled.inc({ action: 'requeued' });
        acted++;
      } else if (state === 'failed') {
        const job = await this.queue.getJob(task.id);
        await this.analysis.markRetriesExhausted(task.id, job?.failedReason ?? 'unknown error');
        this.metrics.tasksReconciled.inc({ action: 'failed' });
        acted++;
      }
    }
    if (acted > 0) this.logger.log({ acted, scanned: stale.length }, 'reconciled tasks without a live job');
    return acted + (await this.reconcileCallbacks(graceMs));
  }

  /**
   * Ended tasks whose callback was never enqueued (the outbox): enqueue it now. Counts only
   * those actually queued, so a Redis that still refuses does not inflate the metric each pass.
   */
  private async reconcileCallbacks(graceMs: number): Promise<number> {
    const due = await this.tasksRepo.findCallbacksDue(graceMs, MAX_PER_RUN);
    let scheduled = 0;
    for (const task of due) {
      if (await this.callbacks.schedule(task, task.status as CallbackEvent)) scheduled++;
    }
    if (scheduled > 0) {
      this.metrics.tasksReconciled.inc({ action: 'callback' }, scheduled);
      this.logger.log({ callbacks: scheduled, due: due.length }, 'scheduled callbacks that were never enqueued');
    }
    return scheduled;
  }

  /** A batch needs a live job for each unfinished chunk, or a finalize job once all are done. */
  private async reconcileBatch(task: Task): Promise<number> {
    const pending = await this.batches.pendingChunks(task.id);
    if (pending.length === 0) {
      const state = await this.batchJobState(task, JobId.finalize(task.id));
      if (state === 'failed') return 1;
      if (state !== 'missing') return 0;
      await this.batchAnalysis.enqueueFinalize(task);
      return this.requeued(task);
    }
    const missing: number[] = [];
    for (const chunkIndex of pending) {
      const state = await this.batchJobState(task, JobId.chunk(task.id, chunkIndex));
      if (state === 'failed') return 1;
      if (state === 'missing') missing.push(chunkIndex);
    }
    if (missing.length === 0) return 0;
    await this.tasks.enqueueChunks(task, missing);
    return this.requeued(task);
  }

  /**
   * 'failed': BullMQ gave up on the job, so the task is failed now. 'missing': no live job
   * (never enqueued, lost with Redis, or completed without its row being written).
   */
  private async batchJobState(task: Task, jobId: string): Promise<'failed' | 'missing' | 'live'> {
    const state = await this.batchQueue.getJobState(jobId);
    if (state === 'failed') {
      const job = await this.batchQueue.getJob(jobId);
      await this.analysis.markRetriesExhausted(task.id, job?.failedReason ?? 'unknown error');
      this.metrics.tasksReconciled.inc({ action: 'failed' });
      return 'failed';
    }
    if (state === 'completed') await this.batchQueue.remove(jobId).catch(() => undefined);
    return state === 'unknown' || state === 'completed' ? 'missing' : 'live';
  }

  private async requeued(task: Task): Promise<number> {
    await this.tasksRepo.touch(task.id);
    this.metrics.tasksReconciled.inc({ action: 'requeued' });
    return 1;
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { JobName } from '../../common/queue/job-names';
import type { AnalyzeChunkPayload, AnalyzeTextPayload, AnyJobPayload, DeliverCallbackPayload, FinalizeBatchPayload } from '../../common/queue/job-payloads';
import { QueueName } from '../../common/queue/queue-names';
import { REDIS_CLIENT } from '../../common/queue/queue.module';
import { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import { AnalyzeChunkProcessor, FinalizeBatchProcessor } from './analyze-chunk.processor';
import { AnalyzeTextProcessor } from './analyze-text.processor';
import { CleanupProcessor } from './cleanup.processor';
import { DeliverCallbackProcessor } from './deliver-callback.processor';
import { TaskFailureReason } from '../tasks.errors';
import { TaskAnalysisService } from './task-analysis.service';

/**
 * Owns the BullMQ Worker of this process: options from config, metrics, and a clean
 * close on SIGTERM (in-flight jobs finish; a SIGKILLed worker's jobs are recovered by
 * BullMQ's stalled-job check after QUEUE_STALLED_INTERVAL_MS).
 */
@Injectable()
export class AnalysisWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisWorker.name);
  private workers: Worker<AnyJobPayload>[] = [];

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    private readonly processor: AnalyzeTextProcessor,
    private readonly chunkProcessor: AnalyzeChunkProcessor,
    private readonly finalizeProcessor: FinalizeBatchProcessor,
    private readonly cleanupProcessor: CleanupProcessor,
    private readonly callbackProcessor: DeliverCallbackProcessor,
    private readonly analysis: TaskAnalysisService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    const w = this.config.get('worker', { infer: true });
    // Two consumers: batch chunks are CPU-heavy and long, single texts short; separate queues
    // and concurrencies keep single-text latency low while a 50,000-row batch runs.
    this.workers = [this.consume(QueueName.Analysis, w.concurrency), this.consume(QueueName.Batch, w.batchConcurrency)];
  }

  async onApplicationShutdown(): Promise<void> {
    // Waits for in-flight jobs; anything not finished is picked up by another worker.
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private consume(queue: QueueName, concurrency: number): Worker<AnyJobPayload> {
    const q = this.config.get('queue', { infer: true });
    const worker = new Worker<AnyJobPayload>(queue, (job) => this.run(queue, job), {
      connection: this.redis,
      prefix: q.prefix,
      concurrency,
      lockDuration: q.lockDurationMs,
      stalledInterval: q.stalledIntervalMs,
      // Chunk writes are idempotent, so a chunk may safely outlive more worker crashes than a
      // single text; the reliability suite saw batches fail when workers died every 2 s.
      maxStalledCount: queue === QueueName.Batch ? q.batchMaxStalledCount : q.maxStalledCount,
      autorun: true,
    });
    worker.on('error', (err) => this.logger.warn({ err: err.message, queue }, 'worker connection error'));
    worker.on('failed', (job, err) => void this.onFailed(queue, job, err));
    this.logger.log({ queue, concurrency, prefix: q.prefix }, 'queue consumer started');
    return worker;
  }

  private async run(queue: QueueName, job: Job<AnyJobPayload>) {
    const end = this.metrics.jobDuration.startTimer({ queue, name: job.name });
    try {
      const result = await this.dispatch(job);
      this.metrics.jobsProcessed.inc({ queue, name: job.name });
      return result;
    } finally {
      end();
    }
  }

  private dispatch(job: Job<AnyJobPayload>): Promise<{ outcome: string }> {
    switch (job.name) {
      case JobName.AnalyzeChunk:
        return this.chunkProcessor.process(job as Job<AnalyzeChunkPayload>);
      case JobName.FinalizeBatch:
        return this.finalizeProcessor.process(job as Job<FinalizeBatchPayload>);
      case JobName.Cleanup:
        return this.cleanupProcessor.process();
      case JobName.DeliverCallback:
        return this.callbackProcessor.process(job as Job<DeliverCallbackPayload>);
      default:
        return this.processor.process(job as Job<AnalyzeTextPayload>);
    }
  }

  private async onFailed(queue: QueueName, job: Job<AnyJobPayload> | undefined, err: Error): Promise<void> {
    if (!job || job.name === JobName.Cleanup) return;
    const attempts = job.opts.attempts ?? 1;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= attempts;
    this.metrics.jobsFailed.inc({ queue, name: job.name, final: String(final) });
    this.logger.warn({ taskId: job.data.taskId, attempt: job.attemptsMade, final, err: err.message }, 'analysis job failed');
    // A callback that cannot be delivered says nothing about the task, which has already ended.
    if (final && err.name !== 'UnrecoverableError' && job.name !== JobName.DeliverCallback) {
      // If PostgreSQL is down right now the reconciler marks it later.
      const reason = err.name === 'EngineMismatchError' ? TaskFailureReason.EngineUnavailable : TaskFailureReason.RetriesExhausted;
      await this.analysis.markRetriesExhausted(job.data.taskId, err.message, reason).catch(() => undefined);
    }
  }
}

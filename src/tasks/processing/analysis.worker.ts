import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { AnalyzeTextPayload } from '../../common/queue/job-payloads';
import { QueueName } from '../../common/queue/queue-names';
import { REDIS_CLIENT } from '../../common/queue/queue.module';
import { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import { AnalyzeTextProcessor } from './analyze-text.processor';
import { TaskAnalysisService } from './task-analysis.service';

/**
 * Owns the BullMQ Worker of this process: options from config, metrics, and a clean
 * close on SIGTERM (in-flight jobs finish; a SIGKILLed worker's jobs are recovered by
 * BullMQ's stalled-job check after QUEUE_STALLED_INTERVAL_MS).
 */
@Injectable()
export class AnalysisWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisWorker.name);
  private worker?: Worker<AnalyzeTextPayload>;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    private readonly processor: AnalyzeTextProcessor,
    private readonly analysis: TaskAnalysisService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    const q = this.config.get('queue', { infer: true });
    const w = this.config.get('worker', { infer: true });
    this.worker = new Worker<AnalyzeTextPayload>(QueueName.Analysis, (job) => this.run(job), {
      connection: this.redis,
      prefix: q.prefix,
      concurrency: w.concurrency,
      lockDuration: q.lockDurationMs,
      stalledInterval: q.stalledIntervalMs,
      maxStalledCount: q.maxStalledCount,
      autorun: true,
    });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'worker connection error'));
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    this.logger.log({ concurrency: w.concurrency, prefix: q.prefix }, 'analysis worker started');
  }

  async onApplicationShutdown(): Promise<void> {
    // Waits for in-flight jobs; anything not finished is picked up by another worker.
    await this.worker?.close();
  }

  private async run(job: Job<AnalyzeTextPayload>) {
    const end = this.metrics.jobDuration.startTimer({ queue: QueueName.Analysis, name: job.name });
    try {
      const result = await this.processor.process(job);
      this.metrics.jobsProcessed.inc({ queue: QueueName.Analysis, name: job.name });
      return result;
    } finally {
      end();
    }
  }

  private async onFailed(job: Job<AnalyzeTextPayload> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= attempts;
    this.metrics.jobsFailed.inc({ queue: QueueName.Analysis, name: job.name, final: String(final) });
    this.logger.warn({ taskId: job.data.taskId, attempt: job.attemptsMade, final, err: err.message }, 'analysis job failed');
    if (final && err.name !== 'UnrecoverableError') {
      // If PostgreSQL is down right now the reconciler marks it later.
      await this.analysis.markRetriesExhausted(job.data.taskId, err.message).catch(() => undefined);
    }
  }
}

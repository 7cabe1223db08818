import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { JobId, JobName } from '../../common/queue/job-names';
import type { PurgeSessionsPayload } from '../../common/queue/job-payloads';
import { QueueName } from '../../common/queue/queue-names';
import { REDIS_CLIENT } from '../../common/queue/queue.module';
import { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import { PurgeSessionsProcessor } from './purge-sessions.processor';

/**
 * The `sessions` queue of this worker process: schedules the repeatable purge and consumes
 * it. Every worker upserts the same scheduler at boot, so one purge runs per interval
 * however many workers there are. A queue of its own (rather than a case in
 * AnalysisWorker's dispatch on `batch`) keeps the feature in its folder and out of the
 * analysis consumers' failure handling, which assumes task jobs.
 */
@Injectable()
export class SessionsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionsWorker.name);
  private queue?: Queue<PurgeSessionsPayload>;
  private worker?: Worker<PurgeSessionsPayload>;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    private readonly processor: PurgeSessionsProcessor,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const q = this.config.get('queue', { infer: true });
    const { purgeIntervalMs } = this.config.get('sessions', { infer: true });
    this.queue = new Queue<PurgeSessionsPayload>(QueueName.Sessions, { connection: this.redis, prefix: q.prefix });
    this.queue.on('error', () => undefined);
    this.worker = new Worker<PurgeSessionsPayload>(QueueName.Sessions, (job) => this.run(job), {
      connection: this.redis,
      prefix: q.prefix,
      concurrency: 1,
      lockDuration: q.lockDurationMs,
      stalledInterval: q.stalledIntervalMs,
      maxStalledCount: q.maxStalledCount,
    });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message, queue: QueueName.Sessions }, 'worker connection error'));
    // A failed purge is simply retried by the next one.
    this.worker.on('failed', (job, err) => this.logger.warn({ job: job?.name, err: err.message }, 'session purge failed'));
    try {
      await this.queue.upsertJobScheduler(
        JobId.sessionPurgeScheduler,
        { every: purgeIntervalMs },
        { name: JobName.PurgeSessions, data: {}, opts: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 100 } } },
      );
    } catch (err) {
      // Redis down at boot: the next worker start schedules it.
      this.logger.warn({ err: (err as Error).message }, 'could not schedule the session purge');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.worker?.close(), this.queue?.close()]).catch(() => undefined);
  }

  private async run(job: Job<PurgeSessionsPayload>): Promise<{ outcome: string }> {
    const labels = { queue: QueueName.Sessions, name: job.name };
    const end = this.metrics.jobDuration.startTimer(labels);
    try {
      const result = await this.processor.process();
      this.metrics.jobsProcessed.inc(labels);
      return result;
    } catch (err) {
      this.metrics.jobsFailed.inc({ ...labels, final: 'true' });
      throw err;
    } finally {
      end();
    }
  }
}

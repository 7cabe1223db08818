import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { JobId, JobName } from '../../common/queue/job-names';
import { BATCH_QUEUE } from '../../common/queue/queue.module';
import { AppConfig } from '../../config/config';
import { FilesRepository } from '../../files/files.repository';
import { BatchRepository } from '../batch.repository';

const BATCH = 500;

/**
 * Deletes files and finished tasks older than RETENTION_DAYS, with their rows, from a
 * repeatable BullMQ job: every worker upserts the same scheduler at boot, so exactly one
 * job runs per interval however many workers there are.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly files: FilesRepository,
    private readonly batches: BatchRepository,
    @Inject(BATCH_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { cleanupIntervalMs } = this.config.get('batch', { infer: true });
    try {
      await this.queue.upsertJobScheduler(JobId.cleanupScheduler, { every: cleanupIntervalMs }, { name: JobName.Cleanup, data: {}, opts: { priority: 100 } });
    } catch (err) {
      // Redis down at boot: the next worker start (or this one's restart) schedules it.
      this.logger.warn({ err: (err as Error).message }, 'could not schedule the retention job');
    }
  }

  /** Deletes in small batches so no statement holds locks for long. */
  async purgeExpired(): Promise<{ files: number; tasks: number }> {
    const { retentionDays } = this.config.get('batch', { infer: true });
    let tasks = 0;
    for (let n = BATCH; n === BATCH; tasks += n) n = await this.batches.deleteExpired(BATCH, retentionDays);
    let files = 0;
    for (let n = BATCH; n === BATCH; files += n) n = await this.files.deleteExpired(BATCH);
    if (files + tasks > 0) this.logger.log({ files, tasks }, 'retention: deleted expired files and tasks');
    return { files, tasks };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { JobId, JobName } from '../../common/queue/job-names';
import type { CallbackEvent, DeliverCallbackPayload } from '../../common/queue/job-payloads';
import { ANALYSIS_QUEUE } from '../../common/queue/queue.module';
import { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import type { Principal } from '../../auth/principal';
import { WebhookSecretsService } from '../../auth/webhook-secrets.service';
import type { Task } from '../task.entity';
import { TasksRepository } from '../tasks.repository';
import { checkCallbackTarget } from './callback-target.util';

/** The callback side of both processes: the API checks URLs, API and worker schedule deliveries. */
@Injectable()
export class CallbacksService {
  private readonly logger = new Logger(CallbacksService.name);

  constructor(
    @Inject(ANALYSIS_QUEUE) private readonly queue: Queue,
    private readonly metrics: MetricsService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly tasks: TasksRepository,
    private readonly secrets: WebhookSecretsService,
  ) {}

  /**
   * At task creation: refuse a URL that resolves to a non-public address (unless allowed) or
   * does not resolve at all. The worker checks again before every attempt. Then make sure a
   * secret will sign it: a task created with an identity-provider token (no key) is signed with
   * its user's secret, created here on first need so the first delivery has one.
   */
  async assertAllowed(url: string, creator: Pick<Principal, 'keyId' | 'userId'>): Promise<void> {
    const check = await checkCallbackTarget(url, this.config.get('callbacks', { infer: true }).allowPrivate);
    if (check.kind !== 'allowed') throw new ValidationFailedError([{ field: 'callbackUrl', message: check.reason }]);
    if (creator.keyId === null) await this.secrets.forCreator(creator);
  }

  /**
   * Call once the terminal status is committed, by whoever committed it; jobId makes a second
   * call a no-op while the job exists. Never throws: the task itself is done. When the enqueue
   * fails (Redis down), or this process dies before marking it, `callback_scheduled_at` stays
   * null and the reconciler schedules it later (at least once: receivers deduplicate on
   * Sentir-Delivery, which is the same for every attempt). True when the job was queued.
   */
  async schedule(task: Pick<Task, 'id' | 'callbackUrl' | 'run'> | null, event: CallbackEvent): Promise<boolean> {
    if (!task?.callbackUrl) return false;
    const { attempts, backoffMs } = this.config.get('callbacks', { infer: true });
    const payload: DeliverCallbackPayload = { taskId: task.id, event };
    try {
      // No priority: BullMQ serves unprioritised jobs before the (prioritised) analysis jobs,
      // and a delivery is one short HTTP request.
      await this.queue.add(JobName.DeliverCallback, payload, {
        jobId: JobId.callback(task.id, event, task.run),
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
      });
    } catch (err) {
      this.metrics.callbacks.inc({ outcome: 'enqueue_failed' });
      this.logger.warn({ taskId: task.id, event, err: (err as Error).message }, 'could not enqueue the callback; the reconciler will retry');
      return false;
    }
    await this.tasks.markCallbackScheduled(task.id, task.run).catch((err: Error) => {
      this.logger.warn({ taskId: task.id, event, err: err.message }, 'callback enqueued but not marked; the reconciler may enqueue it again');
    });
    return true;
  }
}

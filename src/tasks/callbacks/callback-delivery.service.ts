import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UnrecoverableError } from 'bullmq';
import { WebhookSecretsService } from '../../auth/webhook-secrets.service';
import type { CallbackEvent } from '../../common/queue/job-payloads';
import { AppConfig } from '../../config/config';
import { MetricsService } from '../../monitoring/metrics.service';
import { TasksRepository } from '../tasks.repository';
import { postCallback, type CallbackResponse } from './callback-http.util';
import { buildCallbackBody } from './callback-payload.util';
import { SIGNATURE_HEADER, signatureHeader } from './callback-signature.util';
import { checkCallbackTarget } from './callback-target.util';

export type DeliveryOutcome = 'delivered' | 'gone' | 'skipped';

export interface DeliveryAttempt {
  /** The BullMQ job id: stable across retries, sent as `Sentir-Delivery`. */
  deliveryId: string;
  /** 1-based number of this attempt, and how many there are in all. */
  attempt: number;
  attempts: number;
}

/** Worker side: one signed POST per attempt. Retries are BullMQ's (see CallbacksService.schedule). */
@Injectable()
export class CallbackDeliveryService {
  private readonly logger = new Logger(CallbackDeliveryService.name);

  constructor(
    private readonly tasks: TasksRepository,
    private readonly secrets: WebhookSecretsService,
    private readonly metrics: MetricsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /**
   * 2xx: delivered. 410: the receiver wants no more, stop. Anything else, a timeout or a
   * network error: throw, so BullMQ retries with backoff. An address that is no longer
   * allowed (DNS changed since creation): UnrecoverableError, never retried.
   */
  async deliver(taskId: string, event: CallbackEvent, a: DeliveryAttempt): Promise<DeliveryOutcome> {
    const task = await this.tasks.findById(taskId);
    if (!task?.callbackUrl) return this.skip(taskId, event, 'the task is gone or has no callbackUrl');
    const secret = await this.secrets.forTask(task);
    if (!secret) return this.skip(taskId, event, 'no webhook secret: the API key that created the task is revoked, or its user is gone');

    const { allowPrivate, timeoutMs } = this.config.get('callbacks', { infer: true });
    const target = await checkCallbackTarget(task.callbackUrl, allowPrivate);
    if (target.kind === 'refused') {
      this.metrics.callbacks.inc({ outcome: 'refused' });
      this.logger.warn({ taskId, event, reason: target.reason }, 'callback refused: the URL no longer points to an allowed address');
      throw new UnrecoverableError(`callbackUrl ${target.reason}`);
    }
    if (target.kind === 'unresolved') return this.fail(taskId, event, a, target.reason);

    const now = new Date();
    const body = JSON.stringify(buildCallbackBody(task, event, a.deliveryId, now));
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'Sentir-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(now.getTime() / 1000), body),
      'Sentir-Event': `task.${event}`,
      'Sentir-Delivery': a.deliveryId,
    };
    let res: CallbackResponse;
    try {
      res = await postCallback(target, body, headers, timeoutMs);
    } catch (err) {
      return this.fail(taskId, event, a, (err as Error).message);
    }
    if (res.status >= 200 && res.status < 300) {
      this.metrics.callbacks.inc({ outcome: 'delivered' });
      this.logger.log({ taskId, event, status: res.status, attempt: a.attempt }, 'callback delivered');
      return 'delivered';
    }
    if (res.status === 410) {
      this.metrics.callbacks.inc({ outcome: 'gone' });
      this.logger.log({ taskId, event, attempt: a.attempt }, 'callback receiver answered 410 Gone; not retrying');
      return 'gone';
    }
    // Redirects are not followed: the URL given at creation is the one that must answer.
    return this.fail(taskId, event, a, `receiver answered ${res.status}${res.snippet ? `: ${res.snippet.slice(0, 200)}` : ''}`);
  }

  private skip(taskId: string, event: CallbackEvent, why: string): DeliveryOutcome {
    this.metrics.callbacks.inc({ outcome: 'skipped' });
    this.logger.log({ taskId, event, why }, 'callback skipped');
    return 'skipped';
  }

  private fail(taskId: string, event: CallbackEvent, a: DeliveryAttempt, why: string): never {
    const last = a.attempt >= a.attempts;
    this.metrics.callbacks.inc({ outcome: last ? 'exhausted' : 'failed' });
    this.logger.warn({ taskId, event, attempt: a.attempt, of: a.attempts, err: why }, last ? 'callback failed; no attempts left' : 'callback attempt failed; BullMQ will retry');
    throw new Error(`callback attempt ${a.attempt}/${a.attempts} failed: ${why}`);
  }
}

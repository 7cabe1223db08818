import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import type { DeliverCallbackPayload } from '../../common/queue/job-payloads';
import { CallbackDeliveryService, DeliveryOutcome } from '../callbacks/callback-delivery.service';

/** Thin on purpose: the delivery rules live in CallbackDeliveryService. */
@Injectable()
export class DeliverCallbackProcessor {
  constructor(private readonly delivery: CallbackDeliveryService) {}

  async process(job: Pick<Job<DeliverCallbackPayload>, 'data' | 'id' | 'attemptsMade' | 'opts'>): Promise<{ outcome: DeliveryOutcome }> {
    // BullMQ counts attemptsMade when an attempt fails, so this one is attemptsMade + 1.
    const attempt = { deliveryId: job.id ?? job.data.taskId, attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 };
    return { outcome: await this.delivery.deliver(job.data.taskId, job.data.event, attempt) };
  }
}

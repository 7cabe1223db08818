import type { DefaultJobOptions } from 'bullmq';
import type { AppConfig } from '../../config/config';

export const TaskPriority = ['high', 'normal', 'low'] as const;
export type TaskPriority = (typeof TaskPriority)[number];

/** BullMQ: lower number = served first. */
export const BULL_PRIORITY: Record<TaskPriority, number> = { high: 1, normal: 5, low: 10 };

export function defaultJobOptions(queue: AppConfig['queue']): DefaultJobOptions {
  return {
    attempts: queue.attempts,
    backoff: { type: 'exponential', delay: queue.backoffMs },
    // Results live in PostgreSQL; Redis keeps only a short tail for the dashboard.
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

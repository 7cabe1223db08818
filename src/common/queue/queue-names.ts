/** Every BullMQ queue Sentir uses. Never spell a queue name as a string literal elsewhere. */
export const QueueName = {
  /** Single texts (and callbacks): short jobs, high concurrency, so they stay fast while batches run. */
  Analysis: 'analysis',
  /** Batch chunks, finalize and retention: CPU-heavy jobs with their own, lower concurrency. */
  Batch: 'batch',
  /** Session upkeep (the repeatable purge): tiny jobs with a consumer of their own, away from analysis. */
  Sessions: 'sessions',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

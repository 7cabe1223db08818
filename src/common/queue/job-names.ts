/** Every job name, one payload type each (see job-payloads.ts). */
export const JobName = {
  AnalyzeText: 'analyze-text',
  AnalyzeChunk: 'analyze-chunk',
  FinalizeBatch: 'finalize-batch',
  Cleanup: 'cleanup',
  DeliverCallback: 'deliver-callback',
  PurgeSessions: 'purge-sessions',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Job ids: BullMQ refuses all-digit ids and ':'; task ids are UUIDs, so these are safe. */
export const JobId = {
  chunk: (taskId: string, chunkIndex: number) => `${taskId}-c${chunkIndex}`,
  finalize: (taskId: string) => `${taskId}-final`,
  /**
   * One delivery per task, event and run: a second enqueue of the same event in the same run is
   * a no-op. Runs after the first (retries) get their own id, which is also the delivery id.
   */
  callback: (taskId: string, event: string, run = 1) => (run > 1 ? `${taskId}-cb-${event}-r${run}` : `${taskId}-cb-${event}`),
  /** The job scheduler id of the repeatable retention job. */
  cleanupScheduler: 'retention-cleanup',
  /** The job scheduler id of the repeatable session purge. */
  sessionPurgeScheduler: 'session-purge',
} as const;

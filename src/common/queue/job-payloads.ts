import { JobName } from './job-names';

/**
 * Payload of {@link JobName.AnalyzeText}. The text itself stays in PostgreSQL;
 * the job carries only the id so that Redis holds no customer data.
 * The BullMQ job id is the task id, so a task can never be enqueued twice.
 */
export interface AnalyzeTextPayload {
  taskId: string;
}

/** One chunk of a batch task (rows fromRow..toRow live in `task_chunks`/`file_rows`). Job id: JobId.chunk. */
export interface AnalyzeChunkPayload {
  taskId: string;
  chunkIndex: number;
}

/** Builds the summary once every chunk is written. Job id: JobId.finalize, so it runs once. */
export interface FinalizeBatchPayload {
  taskId: string;
}

/** The repeatable retention job: no data, it deletes whatever has expired. */
export type CleanupPayload = Record<string, never>;

/** The repeatable session purge (queue `sessions`): no data, it deletes sessions that have expired. */
export type PurgeSessionsPayload = Record<string, never>;

/** The terminal status a callback reports; the body's `event` is `task.<this>`. */
export type CallbackEvent = 'completed' | 'failed' | 'cancelled';

/**
 * POSTs a signed callback for a task that reached a terminal status. Job id: JobId.callback.
 * The body is built from PostgreSQL at delivery time, so Redis holds no customer data.
 */
export interface DeliverCallbackPayload {
  taskId: string;
  event: CallbackEvent;
}

export interface JobPayloads {
  [JobName.AnalyzeText]: AnalyzeTextPayload;
  [JobName.AnalyzeChunk]: AnalyzeChunkPayload;
  [JobName.FinalizeBatch]: FinalizeBatchPayload;
  [JobName.Cleanup]: CleanupPayload;
  [JobName.DeliverCallback]: DeliverCallbackPayload;
  [JobName.PurgeSessions]: PurgeSessionsPayload;
}

export type AnyJobPayload = JobPayloads[keyof JobPayloads];

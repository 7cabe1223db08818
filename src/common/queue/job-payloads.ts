import { JobName } from './job-names';

/**
 * Payload of {@link JobName.AnalyzeText}. The text itself stays in PostgreSQL;
 * the job carries only the id so that Redis holds no customer data.
 * The BullMQ job id is the task id, so a task can never be enqueued twice.
 */
export interface AnalyzeTextPayload {
  taskId: string;
}

export interface JobPayloads {
  [JobName.AnalyzeText]: AnalyzeTextPayload;
}

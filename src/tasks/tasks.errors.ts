import { DomainError, NotFoundError } from '../common/errors/domain-error';

export class TaskNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Task', id);
  }
}

/** The fileId of a batch request: missing and someone else's look the same. */
export class BatchFileNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('File', id);
  }
}

export class TaskStateConflictError extends DomainError {
  constructor(taskId: string, status: string, action: string) {
    super('task-state-conflict', `Task ${taskId} is ${status}; wait until it completes to ${action}.`, { taskStatus: status });
  }
}

/** Only a failed or cancelled task can run again; `reason` says why this one cannot. */
export class TaskNotRetryableError extends DomainError {
  constructor(taskId: string, status: string, why = `only failed or cancelled tasks can be retried`) {
    super('task-state-conflict', `Task ${taskId} is ${status}: ${why}.`, { taskStatus: status });
  }
}

export class NotABatchError extends DomainError {
  constructor(taskId: string) {
    super('task-state-conflict', `Task ${taskId} is a single-text task: it has no rows, errors or export. Its result is on the task itself.`);
  }
}

export class EmptyFileError extends DomainError {
  constructor(fileId: string) {
    super('unprocessable-input', `File ${fileId} has no data rows to analyse.`);
  }
}

export class IdempotencyKeyConflictError extends DomainError {
  constructor(key: string, existingTaskId: string) {
    super(
      'idempotency-key-conflict',
      `Idempotency-Key "${key}" was already used for a different request (task ${existingTaskId}). Use a new key for a new request.`,
      { taskId: existingTaskId },
    );
  }
}

export class InvalidCursorError extends DomainError {
  constructor() {
    super('invalid-cursor', 'The cursor is not one this API issued. Start again without `cursor`.');
  }
}

/** A task pinned an engine (name or version) that this deployment does not run. */
export class EngineUnavailableError extends DomainError {
  constructor(why: string, available: { name: string; version: string }) {
    super('engine-unavailable', `Cannot honour the engine pin: ${why}. Pin the running engine, or leave \`engine\` out.`, { available: [available] });
  }
}

/** Stable reason codes stored in `task.error.reason`. */
export const TaskFailureReason = {
  InvalidInput: 'invalid-input',
  RetriesExhausted: 'retries-exhausted',
  /** Every attempt landed on workers that run another engine than the task pinned. */
  EngineUnavailable: 'engine-unavailable',
} as const;

import { DomainError, NotFoundError } from '../common/errors/domain-error';

export class TaskNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Task', id);
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

/** Stable reason codes stored in `task.error.reason`. */
export const TaskFailureReason = {
  InvalidInput: 'invalid-input',
  RetriesExhausted: 'retries-exhausted',
} as const;

import { pinMismatch, type EngineIdentity, type EnginePin } from '../analysis/engine-versions';

/**
 * Thrown when a worker runs another engine than the task pinned (a rolling upgrade, or workers
 * configured apart from the API). A plain, retryable error: another worker may run the pinned
 * build. When the attempts run out the task fails with reason `engine-unavailable`.
 */
export class EngineMismatchError extends Error {
  override readonly name = 'EngineMismatchError';
}

export function assertPinnedEngine(pin: EnginePin | null | undefined, running: EngineIdentity): void {
  const why = pinMismatch(pin, running);
  if (why) throw new EngineMismatchError(`Engine pin not honoured: ${why}`);
}

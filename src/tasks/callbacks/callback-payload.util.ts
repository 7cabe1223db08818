import type { CallbackEvent } from '../../common/queue/job-payloads';
import type { TaskDto } from '../dto/task.dto';
import type { Task } from '../task.entity';
import { presentTask } from '../task.presenter';

/** What a batch callback carries of the summary; the whole of it is at `task.links.self`. */
export interface BatchResultDigest {
  totals: unknown;
  sentiment: unknown;
  averageScore: unknown;
  /** Always true: tells a receiver this is not the full summary. */
  digest: true;
}

/** The JSON body of a callback (README "Callbacks"). */
export interface CallbackBody {
  /** Same as the `Sentir-Delivery` header and across retries: receivers deduplicate on it. */
  id: string;
  event: `task.${CallbackEvent}`;
  /** When this attempt was sent. */
  deliveredAt: string;
  /** The task as GET /api/v1/tasks/{id} shows it, except a batch's `result` (a digest). */
  task: Omit<TaskDto, 'result'> & { result: TaskDto['result'] | BatchResultDigest | null };
}

/**
 * Small by construction: a single task is a few hundred bytes plus its text (TEXT_MAX_LENGTH);
 * a batch summary can reach megabytes (timelines, segments, duplicates), so only its totals,
 * sentiment shares and average score are sent and the receiver fetches the rest if it cares.
 */
export function buildCallbackBody(task: Task, event: CallbackEvent, deliveryId: string, now: Date): CallbackBody {
  const presented = presentTask(task);
  const result = presented.result as Record<string, unknown> | null;
  return {
    id: deliveryId,
    event: `task.${event}`,
    deliveredAt: now.toISOString(),
    task: {
      ...presented,
      result: task.type === 'batch' && result ? { totals: result.totals, sentiment: result.sentiment, averageScore: result.averageScore ?? null, digest: true } : presented.result,
    },
  };
}

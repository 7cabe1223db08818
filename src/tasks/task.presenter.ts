import { API_V1 } from '../common/http/api-paths';
import type { AnalysisResultDto, TaskDto } from './dto/task.dto';
import { Task } from './task.entity';

/** Entity → public camelCase resource. The only place that shapes a task for clients. */
export function presentTask(task: Task): TaskDto {
  const total = task.progressTotal;
  const processed = task.progressProcessed;
  return {
    id: task.id,
    type: task.type,
    status: task.status,
    priority: task.priority,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    startedAt: task.startedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
    progress: { processed, total, percent: total > 0 ? Math.floor((processed / total) * 100) : 0 },
    ...(task.type === 'single' && task.inputText !== null ? { input: { text: task.inputText, language: task.languageHint } } : {}),
    result: (task.result as unknown as AnalysisResultDto | null) ?? null,
    error: task.error ? { ...task.error, instance: taskPath(task.id), requestId: '' } as TaskDto['error'] : null,
    links: { self: taskPath(task.id) },
  };
}

export function taskPath(id: string): string {
  return `/${API_V1}/tasks/${id}`;
}

import { API_V1 } from '../common/http/api-paths';
import type { BatchInputDto } from './dto/batch.dto';
import type { SingleTaskInputDto, TaskDto } from './dto/task.dto';
import { ANALYSES } from './analysis/analyses';
import { DEFAULT_TAXONOMY_ID, DEFAULT_TAXONOMY_VERSION } from '../taxonomies/taxonomy.limits';
import { BatchOptions, batchOptionsOf, singleOptionsOf, Task } from './task.entity';

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
    ...(task.type === 'single' && task.inputText !== null ? { input: singleInput(task, task.inputText) } : {}),
    ...(batchOptionsOf(task) ? { batch: batchInput(task, batchOptionsOf(task)!) } : {}),
    result: (task.result as unknown as TaskDto['result']) ?? null,
    error: task.error ? { ...task.error, instance: taskPath(task.id), requestId: '' } as TaskDto['error'] : null,
    links: linksOf(task),
  };
}

function batchInput(task: Task, o: BatchOptions): BatchInputDto {
  return {
    fileId: task.fileId,
    fileName: o.fileName,
    textColumn: o.textColumn,
    idColumn: o.idColumn,
    dateColumn: o.dateColumn,
    ratingColumn: o.ratingColumn,
    segmentColumns: o.segmentColumns.map((s) => s.name),
    language: o.language,
    analyses: o.analyses,
    taxonomy: o.taxonomy ? { id: o.taxonomy.id, version: o.taxonomy.version } : null,
    callbackUrl: task.callbackUrl,
    engine: o.engine ?? null,
  };
}

function singleInput(task: Task, text: string): SingleTaskInputDto {
  const o = singleOptionsOf(task);
  const analyses = o?.analyses ?? [...ANALYSES];
  const taxonomy = !analyses.includes('themes') ? null : o?.taxonomy ? { id: o.taxonomy.id, version: o.taxonomy.version } : { id: DEFAULT_TAXONOMY_ID, version: DEFAULT_TAXONOMY_VERSION };
  return { text, language: task.languageHint, callbackUrl: task.callbackUrl, analyses, taxonomy, engine: o?.engine ?? null };
}

function linksOf(task: Task): TaskDto['links'] {
  const self = taskPath(task.id);
  if (task.type !== 'batch') return { self, events: `${self}/events` };
  return {
    self,
    items: `${self}/items`,
    errors: `${self}/errors`,
    export: `${self}/export?format=csv`,
    events: `${self}/events`,
    ...(task.fileId ? { file: `/${API_V1}/files/${task.fileId}` } : {}),
  };
}

export function taskPath(id: string): string {
  return `/${API_V1}/tasks/${id}`;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TaskPriority } from '../common/queue/queue.defaults';
import type { Taxonomy } from './analysis/themes/theme.types';
import type { ProblemDocument } from '../common/errors/problem-details.filter';
import type { EnginePin } from './analysis/engine-versions';

/** A snapshot of the taxonomy for `themes`, taken at creation: later edits do not change the task. */
export type TaxonomySnapshot = { id: string; version: number; definition: Taxonomy };

/** What a single-text task asked for, beyond its text and language. */
export interface SingleOptions {
  analyses: string[];
  taxonomy?: TaxonomySnapshot | null;
  engine?: EnginePin | null;
}

export const TaskStatus = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TaskStatus)[number];
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];
export const TaskType = ['single', 'batch'] as const;
export type TaskType = (typeof TaskType)[number];

/** What a batch task reads from its file, resolved at creation (column indexes fixed then). */
export interface BatchOptions {
  textColumn: string;
  textIndex: number;
  idColumn: string | null;
  idIndex: number | null;
  dateColumn: string | null;
  dateIndex: number | null;
  dateOrder: 'dmy' | 'mdy' | null;
  ratingColumn: string | null;
  ratingIndex: number | null;
  segmentColumns: { name: string; index: number }[];
  language: string;
  analyses: string[];
  fileName: string;
  taxonomy?: TaxonomySnapshot | null;
  engine?: EnginePin | null;
}

/** A stored failure: a problem document without the per-request members. */
export type TaskError = Omit<ProblemDocument, 'instance' | 'requestId'> & { reason: string };

@Entity({ name: 'tasks' })
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  type!: TaskType;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ type: 'text' })
  priority!: TaskPriority;

  @Column({ name: 'language_hint', type: 'text', default: 'auto' })
  languageHint!: string;

  @Column({ name: 'input_text', type: 'text', nullable: true })
  inputText!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  error!: TaskError | null;

  @Column({ name: 'progress_processed', type: 'integer', default: 0 })
  progressProcessed!: number;

  @Column({ name: 'progress_total', type: 'integer', default: 0 })
  progressTotal!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Batch tasks: the file the rows came from (null once the file is deleted). */
  @Column({ name: 'file_id', type: 'uuid', nullable: true })
  fileId!: string | null;

  /**
   * Batch tasks: the resolved options (columns, analyses…). Single tasks: SingleOptions, or null
   * for tasks created before single tasks had options (they get every analysis).
   */
  @Column({ type: 'jsonb', nullable: true })
  options!: BatchOptions | SingleOptions | null;

  @Column({ name: 'chunk_count', type: 'integer', default: 0 })
  chunkCount!: number;

  @Column({ name: 'chunks_done', type: 'integer', default: 0 })
  chunksDone!: number;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Receives a signed POST when the task completes, fails or is cancelled (both task types). */
  @Column({ name: 'callback_url', type: 'text', nullable: true })
  callbackUrl!: string | null;

  /** When the callback of the task's end was enqueued; null until then (the reconciler's outbox). */
  @Column({ name: 'callback_scheduled_at', type: 'timestamptz', nullable: true })
  callbackScheduledAt!: Date | null;

  /** 1 at creation, one more on each retry; callback delivery ids of later runs carry it. */
  @Column({ type: 'integer', default: 1 })
  run!: number;

  /** The key that created the task: its webhook secret signs the callbacks. */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

/** A batch task's options (null for single tasks and for a batch whose options are missing). */
export function batchOptionsOf(task: Pick<Task, 'type' | 'options'>): BatchOptions | null {
  return task.type === 'batch' && task.options ? (task.options as BatchOptions) : null;
}

/** A single task's options (null: every analysis, default taxonomy, any engine). */
export function singleOptionsOf(task: Pick<Task, 'type' | 'options'>): SingleOptions | null {
  return task.type === 'single' && task.options ? (task.options as SingleOptions) : null;
}

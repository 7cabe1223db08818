import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, In, Repository } from 'typeorm';
import { pgPool } from '../database/pg-pool';
import { User } from '../auth/user.entity';
import { Task, TaskStatus, TaskType } from './task.entity';
import { TaskCursor } from './task-cursor';

export interface TaskListFilter {
  userId: string;
  status?: TaskStatus;
  type?: TaskType;
  limit: number;
  after?: TaskCursor;
}

export type NewTask = Pick<
  Task,
  'userId' | 'type' | 'status' | 'priority' | 'languageHint' | 'inputText' | 'idempotencyKey' | 'requestHash' | 'progressTotal' | 'callbackUrl' | 'apiKeyId'
> & Partial<Pick<Task, 'options'>>;

/** All SQL about tasks. Services speak in tasks and filters, not queries. */
@Injectable()
export class TasksRepository {
  private readonly repo: Repository<Task>;
  /** Every column, aliased to its property name, from the entity metadata so it cannot drift. */
  readonly selectAll: string;
  /** The timestamp properties, which JSON carries as ISO strings. */
  private readonly dateProperties: string[];
  private readonly statements = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(Task);
    const columns = dataSource.getMetadata(Task).columns;
    this.selectAll = columns.map((c) => `"${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    this.dateProperties = columns.filter((c) => c.type === 'timestamptz').map((c) => c.propertyName);
  }

  /**
   * One prepared INSERT … RETURNING. TypeORM's save() cost a BEGIN/COMMIT pair of round trips and
   * a fifth of the API's CPU per POST in the benchmark.
   */
  async insert(values: NewTask): Promise<Task> {
    const task = await this.one(
      'tasks_insert',
      `INSERT INTO tasks (user_id, type, status, priority, language_hint, input_text, idempotency_key, request_hash, progress_total, callback_url, api_key_id, options)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${this.selectAll}`,
      [values.userId, values.type, values.status, values.priority, values.languageHint, values.inputText, values.idempotencyKey, values.requestHash, values.progressTotal,
        values.callbackUrl, values.apiKeyId, values.options ? JSON.stringify(values.options) : null],
    );
    return task!;
  }

  async findById(id: string): Promise<Task | null> {
    return this.one('tasks_find_by_id', `SELECT ${this.selectAll} FROM tasks WHERE id = $1`, [id]);
  }

  /**
   * The API's hottest query (every poll of a task). It skips TypeORM's query builder and runs
   * as a named prepared statement on the pool: a third of the CPU per GET went to building,
   * parsing and planning the same SELECT over and over.
   */
  findOwned(userId: string, id: string): Promise<Task | null> {
    return this.one('tasks_find_owned', `SELECT ${this.selectAll} FROM tasks WHERE id = $1 AND user_id = $2`, [id, userId]);
  }

  private pool(): Pool {
    return pgPool(this.dataSource);
  }

  /**
   * A named prepared statement straight on the pool (parsed and planned once per connection),
   * its row sent back as one JSON value: node-postgres' per-column work (describing, decoding
   * and type-parsing some 25 columns, regex date parsing) was the largest part of the API's CPU
   * per GET left after #2's first fixes; one JSON.parse does it natively, for a little more work
   * in PostgreSQL. Values are those of the columns (jsonb embedded as is, integers as numbers);
   * timestamps come as ISO strings and become Dates (millisecond precision, as pg's own parser).
   */
  private async one(name: string, text: string, values: unknown[]): Promise<Task | null> {
    // One string per statement name, built once: pg compares the text with the prepared one on
    // every call, a memcmp of ~1.5 KB (after flattening) unless it is the very same string.
    let statement = this.statements.get(name);
    if (statement === undefined) this.statements.set(name, (statement = `WITH t AS (${text}) SELECT row_to_json(t) AS task FROM t`));
    const res = await this.pool().query<{ task: Record<string, unknown> }>({ name, text: statement, values });
    if (!res.rows.length) return null;
    const row = res.rows[0].task;
    for (const p of this.dateProperties) if (typeof row[p] === 'string') row[p] = new Date(row[p]);
    return Object.assign(new Task(), row);
  }

  findByIdempotencyKey(userId: string, key: string): Promise<Task | null> {
    return this.repo.findOneBy({ userId, idempotencyKey: key });
  }

  /** Newest first; fetches one extra row to know whether another page exists. */
  async list(f: TaskListFilter): Promise<{ rows: Task[]; createdAtKeys: string[]; hasMore: boolean }> {
    const qb = this.repo
      .createQueryBuilder('t')
      .addSelect(`to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'created_key')
      .where('t.user_id = :userId', { userId: f.userId })
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(f.limit + 1);
    if (f.status) qb.andWhere('t.status = :status', { status: f.status });
    if (f.type) qb.andWhere('t.type = :type', { type: f.type });
    if (f.after) qb.andWhere('(t.created_at, t.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: f.after.createdAt, afterId: f.after.id });
    const { entities, raw } = await qb.getRawAndEntities<{ created_key: string }>();
    const hasMore = entities.length > f.limit;
    return {
      rows: entities.slice(0, f.limit),
      createdAtKeys: raw.slice(0, f.limit).map((r) => r.created_key),
      hasMore,
    };
  }

  /**
   * Every user's tasks, newest first, with each owner's name (admins: GET /admin/tasks).
   * `status = 'failed'` is served by the partial index tasks_failed_idx.
   */
  async listAll(f: Omit<TaskListFilter, 'userId'> & { userId?: string }): Promise<{ rows: { task: Task; ownerName: string }[]; createdAtKeys: string[]; hasMore: boolean }> {
    const qb = this.repo
      .createQueryBuilder('t')
      .innerJoin(User, 'u', 'u.id = t.user_id')
      .addSelect('u.name', 'owner_name')
      .addSelect(`to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'created_key')
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(f.limit + 1);
    if (f.userId) qb.andWhere('t.user_id = :userId', { userId: f.userId });
    if (f.status) qb.andWhere('t.status = :status', { status: f.status });
    if (f.type) qb.andWhere('t.type = :type', { type: f.type });
    if (f.after) qb.andWhere('(t.created_at, t.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: f.after.createdAt, afterId: f.after.id });
    const { entities, raw } = await qb.getRawAndEntities<{ created_key: string; owner_name: string }>();
    return {
      rows: entities.slice(0, f.limit).map((task, i) => ({ task, ownerName: raw[i].owner_name })),
      createdAtKeys: raw.slice(0, f.limit).map((r) => r.created_key),
      hasMore: entities.length > f.limit,
    };
  }

  /**
   * Puts a failed or cancelled task back in line, in one conditional statement so that two
   * concurrent retries cannot both win. A batch whose chunks are all written goes straight to
   * `processing` (only its finalize job is left, and finalize needs that status); its written
   * chunks and progress stay. Its retention clock restarts. Null when the task was not retryable.
   */
  async resetForRetry(id: string, retentionDays: number): Promise<Task | null> {
    return this.one(
      'tasks_reset_for_retry',
      `UPDATE tasks SET
          status = CASE WHEN type = 'batch' AND chunks_done >= chunk_count THEN 'processing' ELSE 'queued' END,
          result = NULL, error = NULL, started_at = NULL, completed_at = NULL, updated_at = now(), callback_scheduled_at = NULL, run = run + 1,
          progress_processed = CASE WHEN type = 'single' THEN 0 ELSE progress_processed END,
          expires_at = CASE WHEN expires_at IS NULL THEN NULL ELSE GREATEST(expires_at, now() + make_interval(days => $2)) END
        WHERE id = $1 AND status IN ('failed', 'cancelled')
        RETURNING ${this.selectAll}`,
      [id, retentionDays],
    );
  }

  /** Cancels if still unfinished; returns the updated task or null when it had already ended. */
  async cancelIfUnfinished(id: string): Promise<Task | null> {
    const res = await this.repo
      .createQueryBuilder()
      .update(Task)
      .set({ status: 'cancelled', completedAt: () => 'now()', updatedAt: () => 'now()' })
      .where({ id, status: In(['queued', 'processing']) })
      .returning('*')
      .execute();
    return res.affected ? this.findById(id) : null;
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** Claims the task for processing (one round trip); null when it is gone or already finished. */
  markProcessing(id: string): Promise<Task | null> {
    return this.one(
      'tasks_mark_processing',
      `UPDATE tasks SET status = 'processing', started_at = COALESCE(started_at, now()), attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'processing') RETURNING ${this.selectAll}`,
      [id],
    );
  }

  /** Stores the result only if nobody cancelled the task meanwhile. */
  async complete(id: string, result: Record<string, unknown>, processed: number): Promise<boolean> {
    const res = await this.pool().query({
      name: 'tasks_complete',
      text: `UPDATE tasks SET status = 'completed', result = $2, progress_processed = $3, completed_at = now(), updated_at = now()
              WHERE id = $1 AND status = 'processing'`,
      values: [id, JSON.stringify(result), processed],
    });
    return (res.rowCount ?? 0) > 0;
  }

  async fail(id: string, error: Task['error']): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update(Task)
      .set({ status: 'failed', error: error as never, completedAt: () => 'now()', updatedAt: () => 'now()' })
      .where({ id, status: In(['queued', 'processing']) })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  /** Unfinished tasks not touched for `olderThanMs`: candidates for the reconciler. */
  findStaleUnfinished(olderThanMs: number, limit: number): Promise<Task[]> {
    return this.repo
      .createQueryBuilder('t')
      .where(`t.status IN ('queued', 'processing')`)
      .andWhere(`t.updated_at < now() - make_interval(secs => :s)`, { s: olderThanMs / 1000 })
      .orderBy('t.updated_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Ended tasks with a callback URL whose callback was never enqueued (Redis refused it, the
   * process died in between, or the task was cancelled by a file deletion), oldest first.
   * Served by the partial index tasks_callback_due_idx.
   */
  async findCallbacksDue(olderThanMs: number, limit: number): Promise<Pick<Task, 'id' | 'status' | 'callbackUrl' | 'run'>[]> {
    const res = await this.pool().query<Pick<Task, 'id' | 'status' | 'callbackUrl' | 'run'>>(
      `SELECT id, status, callback_url AS "callbackUrl", run FROM tasks
        WHERE callback_url IS NOT NULL AND callback_scheduled_at IS NULL AND status IN ('completed', 'failed', 'cancelled')
          AND updated_at < now() - make_interval(secs => $1)
        ORDER BY updated_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return res.rows;
  }

  /** Only for the run that ended: a retry that began meanwhile keeps its own outbox entry open. */
  async markCallbackScheduled(id: string, run: number): Promise<void> {
    await this.pool().query('UPDATE tasks SET callback_scheduled_at = now() WHERE id = $1 AND run = $2', [id, run]);
  }

  touch(id: string): Promise<unknown> {
    return this.repo.update({ id }, { updatedAt: () => 'now()' } as never);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, In, Repository } from 'typeorm';
import { Task, TaskStatus, TaskType } from './task.entity';
import { TaskCursor } from './task-cursor';

export interface TaskListFilter {
  userId: string;
  status?: TaskStatus;
  type?: TaskType;
  limit: number;
  after?: TaskCursor;
}

/** All SQL about tasks. Services speak in tasks and filters, not queries. */
@Injectable()
export class TasksRepository {
  private readonly repo: Repository<Task>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(Task);
  }

  insert(values: Partial<Task>): Promise<Task> {
    return this.repo.save(this.repo.create(values));
  }

  findById(id: string): Promise<Task | null> {
    return this.repo.findOneBy({ id });
  }

  findOwned(userId: string, id: string): Promise<Task | null> {
    return this.repo.findOneBy({ id, userId });
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

  /** Claims the task for processing; null when it is gone or already finished. */
  async markProcessing(id: string): Promise<Task | null> {
    const res = await this.repo
      .createQueryBuilder()
      .update(Task)
      .set({
        status: 'processing',
        startedAt: () => 'COALESCE(started_at, now())',
        attempts: () => 'attempts + 1',
        updatedAt: () => 'now()',
      })
      .where({ id, status: In(['queued', 'processing']) })
      .execute();
    return res.affected ? this.findById(id) : null;
  }

  /** Stores the result only if nobody cancelled the task meanwhile. */
  async complete(id: string, result: Record<string, unknown>, processed: number): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update(Task)
      .set({
        status: 'completed',
        result: result as never,
        progressProcessed: processed,
        completedAt: () => 'now()',
        updatedAt: () => 'now()',
      })
      .where({ id, status: 'processing' })
      .execute();
    return (res.affected ?? 0) > 0;
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

  touch(id: string): Promise<unknown> {
    return this.repo.update({ id }, { updatedAt: () => 'now()' } as never);
  }
}

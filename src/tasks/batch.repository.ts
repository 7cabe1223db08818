import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { DataSource } from 'typeorm';
import { pgPool } from '../database/pg-pool';
import type { Task } from './task.entity';
import { TasksRepository, type NewTask } from './tasks.repository';

/** The six emotions of the emotion analyzer (spelled out here: the API never loads analyzers). */
const EMOTIONS = ['anger', 'joy', 'sadness', 'fear', 'surprise', 'disgust'] as const;

export interface ChunkRange {
  chunkIndex: number;
  fromRow: number;
  toRow: number;
  done: boolean;
}

/** One analysed (or refused) row, as a worker writes it. */
export interface ItemWrite {
  rowNumber: number;
  sourceRow: number;
  sourceId: string | null;
  text: string;
  itemDate: string | null;
  rating: string | null;
  segments: Record<string, string> | null;
  error: string | null;
  language: string | null;
  sentiment: string | null;
  score: number | null;
  textHash: string | null;
  analysis: unknown;
}

/** A row as read back: what was written, less the duplicate key, with the analysis parsed. */
export type StoredItem = Omit<ItemWrite, 'textHash' | 'analysis'> & { analysis: Record<string, unknown> | null };

export interface ItemFilter {
  sentiment?: string;
  language?: string;
  q?: string;
  rating?: string;
  theme?: string;
  segment?: { name: string; value: string };
  errorsOnly?: boolean;
  afterRow?: number;
  limit: number;
}

export type ChunkWriteOutcome =
  | { kind: 'written'; processed: number; total: number; chunksDone: number; chunkCount: number }
  | { kind: 'already-done' }
  | { kind: 'not-processing' };

const ITEM_COLUMNS = `row_number AS "rowNumber", source_row AS "sourceRow", source_id AS "sourceId", text,
  to_char(item_date, 'YYYY-MM-DD') AS "itemDate", rating, segments, error, language, sentiment, score, analysis`;

/** All SQL about batch tasks: chunks, analysed rows and their aggregates. */
@Injectable()
export class BatchRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
  ) {}

  /** The task row and all its chunk rows in one transaction: a batch is never half-created. */
  async insertBatch(values: NewTask & Pick<Task, 'fileId' | 'options'> & { retentionDays: number }, chunkSize: number): Promise<Task> {
    return this.transaction(async (client) => {
      const chunkCount = Math.ceil(values.progressTotal / chunkSize);
      const res = await client.query<{ id: string }>(
        `INSERT INTO tasks (user_id, type, status, priority, language_hint, input_text, idempotency_key, request_hash, progress_total,
                            file_id, options, chunk_count, expires_at, callback_url, api_key_id)
         VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, $9, $10, $11, now() + make_interval(days => $12), $13, $14) RETURNING id`,
        [values.userId, values.type, values.status, values.priority, values.languageHint, values.idempotencyKey, values.requestHash, values.progressTotal,
          values.fileId, values.options, chunkCount, values.retentionDays, values.callbackUrl, values.apiKeyId],
      );
      const taskId = res.rows[0].id;
      await client.query(
        `INSERT INTO task_chunks (task_id, chunk_index, from_row, to_row)
         SELECT $1, i, i * $2 + 1, LEAST((i + 1) * $2, $3) FROM generate_series(0, $4 - 1) AS i`,
        [taskId, chunkSize, values.progressTotal, chunkCount],
      );
      const task = await client.query<Task>(`SELECT ${this.tasks.selectAll} FROM tasks WHERE id = $1`, [taskId]);
      return task.rows[0];
    });
  }

  async chunk(taskId: string, chunkIndex: number): Promise<ChunkRange | null> {
    const res = await pgPool(this.dataSource).query<ChunkRange>({
      name: 'task_chunks_get',
      text: `SELECT chunk_index AS "chunkIndex", from_row AS "fromRow", to_row AS "toRow", done FROM task_chunks WHERE task_id = $1 AND chunk_index = $2`,
      values: [taskId, chunkIndex],
    });
    return res.rows[0] ?? null;
  }

  async pendingChunks(taskId: string): Promise<number[]> {
    const res = await pgPool(this.dataSource).query<{ i: number }>(`SELECT chunk_index AS i FROM task_chunks WHERE task_id = $1 AND NOT done ORDER BY chunk_index`, [taskId]);
    return res.rows.map((r) => r.i);
  }

  /** queued → processing for the first chunk that starts; later chunks find it processing. */
  async markBatchProcessing(taskId: string): Promise<boolean> {
    const res = await pgPool(this.dataSource).query({
      name: 'tasks_batch_processing',
      text: `UPDATE tasks SET status = 'processing', started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1 AND status = 'queued'`,
      values: [taskId],
    });
    return (res.rowCount ?? 0) > 0;
  }

  /**
   * Idempotent chunk write, in one transaction: the rows (a conflict means an earlier attempt
   * wrote them), the chunk flag, and the task's counters. A chunk is counted once, because
   * only the transaction that flips `done` adds to the progress; a cancelled task rolls back.
   */
  async writeChunk(taskId: string, chunkIndex: number, items: ItemWrite[], cache?: { hits: number; misses: number }): Promise<ChunkWriteOutcome> {
    return this.transaction(async (client) => {
      // Safe without a synchronous WAL flush: a crash that loses this commit loses the chunk's
      // `done` flag with it, so the reconciler (or a BullMQ retry) writes the chunk again.
      await client.query('SET LOCAL synchronous_commit = off');
      const flipped = await client.query<{ n: number }>(
        `UPDATE task_chunks SET done = true, completed_at = now(), cache_hits = $3, cache_misses = $4
          WHERE task_id = $1 AND chunk_index = $2 AND NOT done RETURNING to_row - from_row + 1 AS n`,
        [taskId, chunkIndex, cache?.hits ?? null, cache?.misses ?? null],
      );
      if (!flipped.rowCount) return { kind: 'already-done' } as const;
      await insertItems(client, taskId, items);
      // Last, so the task row (shared by every chunk of the batch) stays locked only until COMMIT.
      const counters = await client.query<{ processed: number; total: number; chunksDone: number; chunkCount: number }>(
        `UPDATE tasks SET progress_processed = progress_processed + $2, chunks_done = chunks_done + 1, updated_at = now()
          WHERE id = $1 AND status = 'processing'
          RETURNING progress_processed AS processed, progress_total AS total, chunks_done AS "chunksDone", chunk_count AS "chunkCount"`,
        [taskId, flipped.rows[0].n],
      );
      if (!counters.rowCount) {
        await client.query('ROLLBACK');
        return { kind: 'not-processing' } as const;
      }
      return { kind: 'written', ...counters.rows[0] } as const;
    });
  }

  async items(taskId: string, f: ItemFilter): Promise<{ rows: StoredItem[]; hasMore: boolean }> {
    const params: unknown[] = [taskId];
    const where = ['task_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.afterRow !== undefined) add('row_number > ?', f.afterRow);
    if (f.errorsOnly) where.push('error IS NOT NULL');
    if (f.sentiment) add('sentiment = ?', f.sentiment);
    if (f.language) add('language = ?', f.language);
    if (f.rating !== undefined) add('rating = ?', f.rating);
    if (f.theme) add(`analysis->'themes' @> ?::jsonb`, JSON.stringify([{ themeId: f.theme }]));
    if (f.segment) {
      params.push(f.segment.name);
      add(`segments->>$${params.length} = ?`, f.segment.value);
    }
    if (f.q) add(`text ILIKE ? ESCAPE '\\'`, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    params.push(f.limit + 1);
    const res = await pgPool(this.dataSource).query<StoredItem>(
      `SELECT ${ITEM_COLUMNS} FROM task_items WHERE ${where.join(' AND ')} ORDER BY row_number LIMIT $${params.length}`,
      params,
    );
    return { rows: res.rows.slice(0, f.limit), hasMore: res.rows.length > f.limit };
  }

  /**
   * Every row of a task in row order, read through a server-side cursor so an export of
   * 50,000 rows never sits in memory. The connection is released when the loop ends.
   */
  async *streamItems(taskId: string, batchSize = 1000): AsyncGenerator<StoredItem[]> {
    const client = await pgPool(this.dataSource).connect();
    let broken = false;
    try {
      await client.query('BEGIN READ ONLY');
      const cursor = client.query(new Cursor<StoredItem>(`SELECT ${ITEM_COLUMNS} FROM task_items WHERE task_id = $1 ORDER BY row_number`, [taskId]));
      try {
        for (;;) {
          const rows = await cursor.read(batchSize);
          if (rows.length === 0) break;
          yield rows;
        }
      } finally {
        await cursor.close().catch(() => (broken = true));
      }
      await client.query('COMMIT').catch(() => (broken = true));
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async summaryFacts(taskId: string): Promise<SummaryFacts> {
    const pool = pgPool(this.dataSource);
    const [totals, sentiments, languages, errors, duplicates, ratings, segments] = await Promise.all([
      pool.query<{ rows: number; analysed: number; errors: number; avg: number | null; dated: number }>(
        `SELECT count(*)::int AS rows, count(*) FILTER (WHERE error IS NULL)::int AS analysed, count(*) FILTER (WHERE error IS NOT NULL)::int AS errors,
                avg(score) FILTER (WHERE error IS NULL)::float8 AS avg, count(item_date)::int AS dated
           FROM task_items WHERE task_id = $1`,
        [taskId],
      ),
      pool.query<{ key: string; n: number }>(`SELECT sentiment AS key, count(*)::int AS n FROM task_items WHERE task_id = $1 AND error IS NULL GROUP BY 1`, [taskId]),
      pool.query<{ key: string; n: number }>(`SELECT language AS key, count(*)::int AS n FROM task_items WHERE task_id = $1 AND error IS NULL GROUP BY 1 ORDER BY 2 DESC`, [taskId]),
      pool.query<{ key: string; n: number }>(`SELECT error AS key, count(*)::int AS n FROM task_items WHERE task_id = $1 AND error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`, [taskId]),
      pool.query<{ text: string; n: number; first: number }>(
        `SELECT min(text) AS text, count(*)::int AS n, min(row_number) AS first FROM task_items
          WHERE task_id = $1 AND error IS NULL GROUP BY text_hash HAVING count(*) > 1 ORDER BY 2 DESC, 3 LIMIT 1000`,
        [taskId],
      ),
      pool.query<{ key: string; sentiment: string; n: number; avg: number }>(
        `SELECT rating AS key, sentiment, count(*)::int AS n, avg(score)::float8 AS avg FROM task_items
          WHERE task_id = $1 AND error IS NULL AND rating IS NOT NULL AND rating <> '' GROUP BY 1, 2`,
        [taskId],
      ),
      pool.query<{ name: string; key: string; sentiment: string; n: number }>(
        `SELECT s.key AS name, s.value AS key, i.sentiment, count(*)::int AS n FROM task_items i, jsonb_each_text(i.segments) s
          WHERE i.task_id = $1 AND i.error IS NULL GROUP BY 1, 2, 3`,
        [taskId],
      ),
    ]);
    const [themes, keyPhrases, emotion, dominant, pii, quality] = await Promise.all([
      pool.query<{ id: string; label: string; sentiment: string; n: number }>(
        `SELECT t->>'themeId' AS id, min(t->>'label') AS label, t->>'sentiment' AS sentiment, count(DISTINCT i.row_number)::int AS n
           FROM task_items i, jsonb_array_elements(i.analysis->'themes') t WHERE i.task_id = $1 AND i.error IS NULL GROUP BY 1, 3`,
        [taskId],
      ),
      pool.query<{ key: string; phrase: string; n: number }>(
        `SELECT k->>'key' AS key, mode() WITHIN GROUP (ORDER BY k->>'phrase') AS phrase, count(DISTINCT i.row_number)::int AS n
           FROM task_items i, jsonb_array_elements(i.analysis->'keyPhrases') k WHERE i.task_id = $1 AND i.error IS NULL
          GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 30`,
        [taskId],
      ),
      pool.query<Record<string, number | null> & { rows: number }>(
        `SELECT count(*)::int AS rows, ${EMOTIONS.map((e) => `avg((analysis->'emotion'->'scores'->>'${e}')::float8) AS ${e}`).join(', ')}
           FROM task_items WHERE task_id = $1 AND error IS NULL AND analysis ? 'emotion'`,
        [taskId],
      ),
      pool.query<{ key: string; n: number }>(
        `SELECT analysis->'emotion'->>'dominant' AS key, count(*)::int AS n FROM task_items
          WHERE task_id = $1 AND error IS NULL AND analysis->'emotion'->>'dominant' IS NOT NULL GROUP BY 1`,
        [taskId],
      ),
      pool.query<{ key: string; n: number; rows: number }>(
        `SELECT e->>'type' AS key, count(*)::int AS n, count(DISTINCT i.row_number)::int AS rows
           FROM task_items i, jsonb_array_elements(i.analysis->'pii'->'entities') e WHERE i.task_id = $1 GROUP BY 1`,
        [taskId],
      ),
      pool.query<{ key: string; n: number }>(
        `SELECT f AS key, count(*)::int AS n FROM task_items i, jsonb_array_elements_text(i.analysis->'quality'->'flags') f WHERE i.task_id = $1 GROUP BY 1`,
        [taskId],
      ),
    ]);
    const piiRows = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM task_items WHERE task_id = $1 AND jsonb_array_length(COALESCE(analysis->'pii'->'entities', '[]'::jsonb)) > 0`,
      [taskId],
    );
    const t = totals.rows[0];
    let timeline: SummaryFacts['timeline'] = null;
    if (t.dated > 0) {
      const [day, week, month] = await Promise.all(
        (['day', 'week', 'month'] as const).map((unit) =>
          pool.query<{ period: string; sentiment: string; n: number }>(
            `SELECT to_char(date_trunc('${unit}', item_date), 'YYYY-MM-DD') AS period, sentiment, count(*)::int AS n FROM task_items
              WHERE task_id = $1 AND error IS NULL AND item_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1`,
            [taskId],
          ),
        ),
      );
      timeline = { day: day.rows, week: week.rows, month: month.rows };
    }
    return {
      rows: t.rows,
      analysed: t.analysed,
      errors: t.errors,
      averageScore: t.avg,
      dated: t.dated,
      sentiments: sentiments.rows,
      languages: languages.rows,
      errorReasons: errors.rows,
      duplicateGroups: duplicates.rows,
      ratings: ratings.rows,
      segments: segments.rows,
      timeline,
      themes: themes.rows,
      keyPhrases: keyPhrases.rows,
      emotion: emotion.rows[0]?.rows ? { averages: Object.fromEntries(EMOTIONS.map((e) => [e, emotion.rows[0][e] ?? 0])), dominant: dominant.rows } : null,
      pii: { rows: piiRows.rows[0].n, byType: pii.rows },
      quality: quality.rows,
    };
  }

  /**
   * ENGINE=openai, for the complaint summary: up to `limit` negative rows, one per distinct
   * text, spread over the file (ordered by a hash of the row number, not by position), each
   * cut to 500 characters. Bounded whatever the batch size.
   */
  async negativeSample(taskId: string, limit: number): Promise<{ rowNumber: number; text: string }[]> {
    const res = await pgPool(this.dataSource).query<{ rowNumber: number; text: string }>(
      `SELECT row_number AS "rowNumber", left(text, 500) AS text FROM (
         SELECT DISTINCT ON (text_hash) row_number, text FROM task_items
          WHERE task_id = $1 AND error IS NULL AND sentiment = 'negative' ORDER BY text_hash, row_number
       ) s ORDER BY hashtext(row_number::text), row_number LIMIT $2`,
      [taskId, limit],
    );
    return res.rows;
  }

  /** ENGINE=openai: rows the local engine labelled because the LLM could not (marked `analysis.fallback`). */
  async fallbackRowCount(taskId: string): Promise<number> {
    const res = await pgPool(this.dataSource).query<{ n: number }>(`SELECT count(*)::int AS n FROM task_items WHERE task_id = $1 AND analysis ? 'fallback'`, [taskId]);
    return res.rows[0].n;
  }

  /** Rows of a batch answered from the analysis cache vs analysed; null when no chunk recorded them. */
  async cacheCounts(taskId: string): Promise<{ hits: number; misses: number } | null> {
    const res = await pgPool(this.dataSource).query<{ hits: number | null; misses: number | null }>(
      `SELECT sum(cache_hits)::int AS hits, sum(cache_misses)::int AS misses FROM task_chunks WHERE task_id = $1`,
      [taskId],
    );
    const r = res.rows[0];
    return r && r.hits !== null && r.misses !== null ? { hits: r.hits, misses: r.misses } : null;
  }

  /**
   * Completed batches of this user over this file whose summary names `engineFingerprint`,
   * newest first: the rows a new batch with the same options may copy instead of analysing.
   */
  async reuseCandidates(userId: string, fileId: string, engineFingerprint: string, limit = 20): Promise<Pick<Task, 'id' | 'options'>[]> {
    const res = await pgPool(this.dataSource).query<Pick<Task, 'id' | 'options'>>(
      `SELECT id, options FROM tasks
        WHERE user_id = $1 AND file_id = $2 AND type = 'batch' AND status = 'completed' AND result #>> '{engine,fingerprint}' = $3
        ORDER BY completed_at DESC LIMIT $4`,
      [userId, fileId, engineFingerprint, limit],
    );
    return res.rows;
  }

  /**
   * A batch born completed with a copy of another one's rows and summary, in one transaction.
   * Null when the source is no longer a completed task (deleted meanwhile): analyse instead.
   */
  async insertReusedBatch(
    values: NewTask & Pick<Task, 'fileId' | 'options'> & { retentionDays: number },
    sourceId: string,
    result: (source: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<Task | null> {
    return this.transaction(async (client) => {
      // Copying 200,000 rows can outlast the pool's statement timeout.
      await client.query(`SET LOCAL statement_timeout = '300s'`);
      const source = await client.query<{ result: Record<string, unknown> }>(`SELECT result FROM tasks WHERE id = $1 AND status = 'completed' FOR SHARE`, [sourceId]);
      if (!source.rowCount) return null;
      const res = await client.query<{ id: string }>(
        `INSERT INTO tasks (user_id, type, status, priority, language_hint, input_text, idempotency_key, request_hash, progress_total, progress_processed,
                            file_id, options, chunk_count, expires_at, callback_url, api_key_id, result, started_at, completed_at)
         VALUES ($1, $2, 'completed', $3, $4, NULL, $5, $6, $7, $7, $8, $9, 0, now() + make_interval(days => $10), $11, $12, $13, now(), now()) RETURNING id`,
        [values.userId, values.type, values.priority, values.languageHint, values.idempotencyKey, values.requestHash, values.progressTotal,
          values.fileId, values.options, values.retentionDays, values.callbackUrl, values.apiKeyId, JSON.stringify(result(source.rows[0].result))],
      );
      const taskId = res.rows[0].id;
      await client.query(
        `INSERT INTO task_items (task_id, row_number, source_row, source_id, text, item_date, rating, segments, error, language, sentiment, score, text_hash, analysis)
         SELECT $1, row_number, source_row, source_id, text, item_date, rating, segments, error, language, sentiment, score, text_hash, analysis
           FROM task_items WHERE task_id = $2`,
        [taskId, sourceId],
      );
      const task = await client.query<Task>(`SELECT ${this.tasks.selectAll} FROM tasks WHERE id = $1`, [taskId]);
      return task.rows[0];
    });
  }

  /**
   * Retention: finished tasks past their expiry go, with their chunks and rows. Single tasks
   * carry no expires_at and expire `retentionDays` after creation.
   */
  async deleteExpired(limit: number, retentionDays: number): Promise<number> {
    const res = await pgPool(this.dataSource).query(
      `DELETE FROM tasks WHERE id IN (
         SELECT id FROM tasks WHERE status IN ('completed', 'failed', 'cancelled')
            AND COALESCE(expires_at, created_at + make_interval(days => $2)) < now() LIMIT $1)`,
      [limit, retentionDays],
    );
    return res.rowCount ?? 0;
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pgPool(this.dataSource).connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      // work() may have rolled back already (a cancelled task); COMMIT then only warns.
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** Raw aggregates; batch-summary.ts shapes them into the task's result. */
export interface SummaryFacts {
  rows: number;
  analysed: number;
  errors: number;
  averageScore: number | null;
  dated: number;
  sentiments: { key: string; n: number }[];
  languages: { key: string; n: number }[];
  errorReasons: { key: string; n: number }[];
  duplicateGroups: { text: string; n: number; first: number }[];
  ratings: { key: string; sentiment: string; n: number; avg: number }[];
  segments: { name: string; key: string; sentiment: string; n: number }[];
  timeline: { day: Period[]; week: Period[]; month: Period[] } | null;
  themes: { id: string; label: string; sentiment: string; n: number }[];
  keyPhrases: { key: string; phrase: string; n: number }[];
  emotion: { averages: Record<string, number>; dominant: { key: string; n: number }[] } | null;
  pii: { rows: number; byType: { key: string; n: number; rows: number }[] };
  quality: { key: string; n: number }[];
}

export interface Period {
  period: string;
  sentiment: string;
  n: number;
}

/**
 * One multi-row INSERT from a single JSON document: PostgreSQL parses it in C, where pg's
 * array literals cost an escaped copy of every analysis in JS. A row an earlier attempt wrote
 * is left alone.
 */
async function insertItems(client: PoolClient, taskId: string, items: ItemWrite[]): Promise<void> {
  if (items.length === 0) return;
  const doc = JSON.stringify(
    items.map((i) => ({
      r: i.rowNumber,
      s: i.sourceRow,
      id: i.sourceId,
      t: i.text,
      d: i.itemDate,
      ra: i.rating,
      sg: i.segments,
      e: i.error,
      l: i.language,
      se: i.sentiment,
      sc: i.score,
      h: i.textHash,
      a: i.analysis ?? null,
    })),
  );
  await client.query(
    `INSERT INTO task_items (task_id, row_number, source_row, source_id, text, item_date, rating, segments, error, language, sentiment, score, text_hash, analysis)
     SELECT $1, x.r, x.s, x.id, x.t, x.d, x.ra, x.sg, x.e, x.l, x.se, x.sc, x.h, x.a
       FROM jsonb_to_recordset($2::jsonb) AS x(r int, s int, id text, t text, d date, ra text, sg jsonb, e text, l text, se text, sc real, h text, a jsonb)
     ON CONFLICT (task_id, row_number) DO NOTHING`,
    [taskId, doc],
  );
}

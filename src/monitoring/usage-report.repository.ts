import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pgPool } from '../database/pg-pool';
import type { UsageRange } from './usage-range';

/** One UTC day of a user's usage, as the SQL aggregates it. */
export interface UsageDayRow {
  day: string;
  created: number;
  single: number;
  batch: number;
  texts: number;
  failedTasks: number;
  errorRows: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/**
 * All SQL about usage. Tasks count on the day they were created; texts, failures and
 * refused rows on the day their task ended (completed_at). Paid-engine figures come from
 * `usage_records`, one row per request batch written by the LLM engine.
 */
@Injectable()
export class UsageReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async userExists(userId: string): Promise<boolean> {
    const res = await pgPool(this.dataSource).query(`SELECT 1 FROM users WHERE id = $1`, [userId]);
    return (res.rowCount ?? 0) > 0;
  }

  /**
   * One row per day of the range, zeros included. A single task analyses one text when it
   * completes; a batch analyses `result.totals.analysed` rows when it completes, and the rows
   * it had processed when it failed or was cancelled. Both scans use the tasks' user index.
   */
  async daily(userId: string, range: UsageRange): Promise<UsageDayRow[]> {
    const res = await pgPool(this.dataSource).query<UsageDayRow>({
      name: 'usage_daily',
      text: `
      WITH bounds AS (
        SELECT $2::date::timestamp AT TIME ZONE 'UTC' AS lo, ($3::date + 1)::timestamp AT TIME ZONE 'UTC' AS hi
      ), created AS (
        SELECT (t.created_at AT TIME ZONE 'UTC')::date AS day,
               count(*)::int AS created,
               count(*) FILTER (WHERE t.type = 'single')::int AS single,
               count(*) FILTER (WHERE t.type = 'batch')::int AS batch
          FROM tasks t, bounds b
         WHERE t.user_id = $1 AND t.created_at >= b.lo AND t.created_at < b.hi
         GROUP BY 1
      ), ended AS (
        SELECT (t.completed_at AT TIME ZONE 'UTC')::date AS day,
               sum(CASE
                     WHEN t.type = 'single' THEN (t.status = 'completed')::int
                     WHEN t.status = 'completed' THEN COALESCE((t.result #>> '{totals,analysed}')::int, t.progress_processed)
                     ELSE t.progress_processed
                   END)::int AS texts,
               count(*) FILTER (WHERE t.status = 'failed')::int AS failed_tasks,
               COALESCE(sum((t.result #>> '{totals,errors}')::int) FILTER (WHERE t.type = 'batch' AND t.status = 'completed'), 0)::int AS error_rows
          FROM tasks t, bounds b
         WHERE t.user_id = $1 AND t.completed_at >= b.lo AND t.completed_at < b.hi
         GROUP BY 1
      ), llm AS (
        SELECT u.day,
               sum(u.cache_hits)::int AS cache_hits,
               sum(u.prompt_tokens)::bigint AS prompt_tokens,
               sum(u.completion_tokens)::bigint AS completion_tokens,
               sum(u.cost_usd)::float8 AS cost_usd
          FROM usage_records u
         WHERE u.user_id = $1 AND u.day BETWEEN $2::date AND $3::date
         GROUP BY 1
      )
      SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
             COALESCE(c.created, 0) AS created, COALESCE(c.single, 0) AS single, COALESCE(c.batch, 0) AS batch,
             COALESCE(e.texts, 0) AS texts, COALESCE(e.failed_tasks, 0) AS "failedTasks", COALESCE(e.error_rows, 0) AS "errorRows",
             COALESCE(l.cache_hits, 0) AS "cacheHits",
             COALESCE(l.prompt_tokens, 0)::float8 AS "promptTokens", COALESCE(l.completion_tokens, 0)::float8 AS "completionTokens",
             COALESCE(l.cost_usd, 0) AS "costUsd"
        FROM generate_series($2::date, $3::date, interval '1 day') AS g(ts)
        CROSS JOIN LATERAL (SELECT g.ts::date AS day) d
        LEFT JOIN created c ON c.day = d.day
        LEFT JOIN ended e ON e.day = d.day
        LEFT JOIN llm l ON l.day = d.day
       ORDER BY d.day`,
      values: [userId, range.from, range.to],
    });
    return res.rows;
  }
}
